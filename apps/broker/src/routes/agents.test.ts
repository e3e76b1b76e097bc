/**
 * The agents registry over real HTTP against a real broker: admins register, edit and disable agents with
 * errors per field; users see the agents they may use and bind each new conversation to one; connection URLs
 * are signed for the conversation's agent (its ARN, qualifier and Region) and refused, with why, when the agent
 * is disabled or not theirs; revocation stops each session on its own agent's runtime; every change is audited.
 */
import {
  LOCAL_RUNTIME,
  loadOrCreateLocalCredentials,
  TRACE_LEVEL_PARAM,
  verifyAgentCoreRequest,
} from "@interject/agentcore-sigv4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILT_IN_AGENT_ID } from "../db/schema.ts";
import {
  type Browser,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";
import type { StopEndpoint } from "../test/stop-session-endpoint.ts";

interface AdminAgent {
  id: string;
  name: string;
  displayName: string;
  runtimeArn: string;
  qualifier: string | null;
  region: string;
  protocolLevel: string;
  access: string;
  defaultTraceLevel: string;
  enabled: boolean;
  isDefault: boolean;
  builtIn: boolean;
}
interface UserAgent {
  id: string;
  name: string;
  displayName: string;
  protocolLevel: string;
  isDefault: boolean;
}
interface Conv {
  id: string;
  sessionId: string;
  agent: { id: string; name: string; displayName: string; protocolLevel: string };
}
interface ErrorReply {
  error: { code: string; message: string; fields?: Record<string, string> };
}

const EU_ARN = "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/support_bot-AbCdEf1234";
const LOCAL_OTHER_ARN = "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/example_agent-0000000000";

let broker: TestBroker;
let runtime: StopEndpoint;
let admin: Browser;
let alice: Browser;
beforeAll(async () => {
  broker = await startTestBroker();
  if (!broker.runtime) throw new Error("the test broker has no StopRuntimeSession stand-in");
  runtime = broker.runtime;
  admin = await signedInAdmin(broker);
  alice = (await newUser(broker, admin, "alice-agents@example.com")).browser;
});
afterAll(async () => {
  expect(runtime.refused).toEqual([]);
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});

async function register(body: Record<string, unknown>): Promise<AdminAgent> {
  const r = await admin.request<{ agent: AdminAgent }>("POST", "/api/admin/agents", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.agent;
}

async function conversation(b: Browser, agentId?: string): Promise<Conv> {
  const r = await b.request<{ conversation: Conv }>("POST", "/api/conversations", agentId ? { agentId } : {});
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.conversation;
}

const mint = (b: Browser, id: string) =>
  b.request<{ url: string; protocolLevel: string } & ErrorReply>(
    "POST",
    `/api/conversations/${id}/connection`,
  );

describe("admin registry", () => {
  it("starts with the built-in agent, from the settings", async () => {
    const r = await admin.request<{ agents: AdminAgent[]; pinned: boolean; endpoint: string }>(
      "GET",
      "/api/admin/agents",
    );
    expect(r.status).toBe(200);
    expect(r.body.pinned).toBe(false);
    expect(r.body.endpoint).toBe(runtime.url);
    expect(r.body.agents).toEqual([
      expect.objectContaining({
        id: BUILT_IN_AGENT_ID,
        name: "interject",
        runtimeArn: LOCAL_RUNTIME.arn,
        qualifier: null,
        region: LOCAL_RUNTIME.region,
        protocolLevel: "full",
        access: "everyone",
        enabled: true,
        isDefault: true,
        builtIn: true,
      }),
    ]);
  });

  it("says what is wrong with each field", async () => {
    const bad = await admin.request<ErrorReply>("POST", "/api/admin/agents", {
      name: "Has Spaces",
      displayName: "",
      runtimeArn: "arn:aws:lambda:us-east-1:123456789012:function:nope",
      qualifier: "no spaces please",
      region: "mars-1",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_request");
    expect(bad.body.error.fields).toEqual({
      name: expect.stringMatching(/lower-case letters, digits and hyphens/),
      displayName: expect.stringMatching(/name people see/),
      runtimeArn: expect.stringMatching(/^not a runtime ARN: expected arn:<partition>:bedrock-agentcore:/),
      qualifier: expect.stringMatching(/endpoint name such as DEFAULT/),
      region: expect.stringMatching(/not an AWS Region name/),
    });
    const mismatch = await admin.request<ErrorReply>("POST", "/api/admin/agents", {
      name: "support",
      displayName: "Support",
      runtimeArn: EU_ARN,
      region: "us-east-1",
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.fields).toEqual({
      region:
        "us-east-1 does not match the runtime ARN's Region (eu-west-1): a runtime is reached in its own Region",
    });
    const taken = await admin.request<ErrorReply>("POST", "/api/admin/agents", {
      name: "interject",
      displayName: "Again",
      runtimeArn: EU_ARN,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields).toEqual({ name: expect.stringMatching(/already called interject/) });
    expect((await alice.request("GET", "/api/admin/agents")).status).toBe(403);
    expect((await alice.request("POST", "/api/admin/agents", { name: "x" })).status).toBe(403);
  });

  it("registers an agent with the ARN's Region by default, and audits it", async () => {
    const agent = await register({
      name: "support-eu",
      displayName: "Support (EU)",
      description: "Answers support questions",
      runtimeArn: EU_ARN,
      qualifier: "prod",
      protocolLevel: "basic",
    });
    expect(agent).toMatchObject({
      region: "eu-west-1",
      qualifier: "prod",
      protocolLevel: "basic",
      access: "everyone",
      defaultTraceLevel: "milestones",
      enabled: true,
      isDefault: false,
      builtIn: false,
    });
    await broker.services.audit.flush();
    const audit = await admin.request<{ items: Array<{ action: string; targetId: string; detail: object }> }>(
      "GET",
      "/api/admin/audit",
    );
    expect(
      audit.body.items.find((i) => i.action === "agent.registered" && i.targetId === agent.id),
    ).toMatchObject({
      detail: { name: "support-eu", runtimeArn: EU_ARN, region: "eu-west-1" },
    });
  });

  it("keeps the built-in agent's runtime for the settings, and lets its other fields change", async () => {
    const r = await admin.request<ErrorReply>("PATCH", `/api/admin/agents/${BUILT_IN_AGENT_ID}`, {
      runtimeArn: EU_ARN,
      qualifier: "x",
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual({
      runtimeArn: expect.stringMatching(/set by AGENTCORE_RUNTIME_ARN/),
      qualifier: expect.stringMatching(/set by AGENTCORE_QUALIFIER/),
    });
    const renamed = await admin.request<{ agent: AdminAgent }>(
      "PATCH",
      `/api/admin/agents/${BUILT_IN_AGENT_ID}`,
      {
        displayName: "Interject (built in)",
      },
    );
    expect(renamed.body.agent.displayName).toBe("Interject (built in)");
    const edit = await admin.request<ErrorReply>("PATCH", `/api/admin/agents/${BUILT_IN_AGENT_ID}`, {});
    expect(edit.status).toBe(400);
  });

  it("checks an edited runtime against what it keeps, and moves the Region with a new ARN", async () => {
    const agent = await register({ name: "mover", displayName: "Mover", runtimeArn: EU_ARN });
    const mismatch = await admin.request<ErrorReply>("PATCH", `/api/admin/agents/${agent.id}`, {
      region: "us-west-2",
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.fields?.region).toMatch(
      /does not match the runtime ARN's Region \(eu-west-1\)/,
    );
    const moved = await admin.request<{ agent: AdminAgent }>("PATCH", `/api/admin/agents/${agent.id}`, {
      runtimeArn: LOCAL_OTHER_ARN,
    });
    expect(moved.body.agent).toMatchObject({ runtimeArn: LOCAL_OTHER_ARN, region: "us-east-1" });
    const unknown = await admin.request("PATCH", "/api/admin/agents/6f1d1c1e-0000-4000-8000-000000000000", {
      enabled: false,
    });
    expect(unknown.status).toBe(404);
  });
});

describe("users and conversations", () => {
  it("lists the agents a user may use, the default marked; admins see the admins-only ones too", async () => {
    const everyone = await register({
      name: "open-one",
      displayName: "Open one",
      runtimeArn: LOCAL_OTHER_ARN,
    });
    const staff = await register({
      name: "staff-only",
      displayName: "Staff only",
      runtimeArn: LOCAL_OTHER_ARN,
      access: "admins",
    });
    const disabled = await register({
      name: "switched-off",
      displayName: "Switched off",
      runtimeArn: LOCAL_OTHER_ARN,
      enabled: false,
    });
    const forUser = await alice.request<{ agents: UserAgent[] }>("GET", "/api/agents");
    const ids = forUser.body.agents.map((a) => a.id);
    expect(ids).toContain(everyone.id);
    expect(ids).toContain(BUILT_IN_AGENT_ID);
    expect(ids).not.toContain(staff.id);
    expect(ids).not.toContain(disabled.id);
    expect(forUser.body.agents.filter((a) => a.isDefault).map((a) => a.id)).toEqual([BUILT_IN_AGENT_ID]);
    const forAdmin = await admin.request<{ agents: UserAgent[] }>("GET", "/api/agents");
    expect(forAdmin.body.agents.map((a) => a.id)).toContain(staff.id);
    expect((await broker.browser().request("GET", "/api/agents")).status).toBe(401);
  });

  it("binds a new conversation to the chosen agent, or the default, and refuses one the user may not use", async () => {
    const chosen = await register({
      name: "chosen",
      displayName: "Chosen",
      runtimeArn: LOCAL_OTHER_ARN,
      protocolLevel: "basic",
    });
    const staff = await register({
      name: "staff-2",
      displayName: "Staff 2",
      runtimeArn: LOCAL_OTHER_ARN,
      access: "admins",
    });
    const bound = await conversation(alice, chosen.id);
    expect(bound.agent).toEqual({
      id: chosen.id,
      name: "chosen",
      displayName: "Chosen",
      protocolLevel: "basic",
    });
    expect((await conversation(alice)).agent.id).toBe(BUILT_IN_AGENT_ID);
    const refused = await alice.request<ErrorReply>("POST", "/api/conversations", { agentId: staff.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: "agent_unavailable",
      message: "Staff 2 is available to administrators only.",
    });
    const unknown = await alice.request<ErrorReply>("POST", "/api/conversations", {
      agentId: "6f1d1c1e-0000-4000-8000-000000000000",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual({ agentId: "no agent has this id" });
    // The list and the detail show each conversation's agent.
    const list = await alice.request<{ items: Conv[] }>("GET", "/api/conversations");
    expect(list.body.items.find((c) => c.id === bound.id)?.agent.id).toBe(chosen.id);
    const detail = await alice.request<{ conversation: Conv }>("GET", `/api/conversations/${bound.id}`);
    expect(detail.body.conversation.agent.name).toBe("chosen");
    expect((await admin.request("GET", `/api/conversations/${bound.id}`)).status).toBe(404);
  });

  it("makes another agent the default for new conversations", async () => {
    const next = await register({
      name: "next-default",
      displayName: "Next default",
      runtimeArn: LOCAL_OTHER_ARN,
      isDefault: true,
    });
    try {
      const agents = await alice.request<{ agents: UserAgent[] }>("GET", "/api/agents");
      expect(agents.body.agents.filter((a) => a.isDefault).map((a) => a.id)).toEqual([next.id]);
      expect((await conversation(alice)).agent.id).toBe(next.id);
      const all = await admin.request<{ agents: AdminAgent[] }>("GET", "/api/admin/agents");
      expect(all.body.agents.filter((a) => a.isDefault).map((a) => a.id)).toEqual([next.id]);
    } finally {
      await admin.request("PATCH", `/api/admin/agents/${BUILT_IN_AGENT_ID}`, { isDefault: true });
    }
  });
});

describe("connection URLs per agent", () => {
  it("signs for the conversation's agent: its ARN, qualifier and Region, and says its protocol level", async () => {
    const agent = await register({
      name: "signed-eu",
      displayName: "Signed EU",
      runtimeArn: EU_ARN,
      qualifier: "DEFAULT",
      protocolLevel: "basic",
      defaultTraceLevel: "full",
    });
    const conv = await conversation(alice, agent.id);
    const r = await mint(alice, conv.id);
    expect(r.status).toBe(200);
    expect(r.body.protocolLevel).toBe("basic");
    const url = new URL(r.body.url);
    expect(decodeURIComponent(url.pathname)).toBe(`/runtimes/${EU_ARN}/ws`);
    expect(url.searchParams.get("qualifier")).toBe("DEFAULT");
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(/\/eu-west-1\/bedrock-agentcore\/aws4_request$/);
    // The agent's default trace level is what users get.
    expect(url.searchParams.get(TRACE_LEVEL_PARAM)).toBe("full");
    const builtIn = await mint(alice, (await conversation(alice)).id);
    expect(builtIn.body.protocolLevel).toBe("full");
    expect(new URL(builtIn.body.url).searchParams.get(TRACE_LEVEL_PARAM)).toBe("milestones");
    expect(decodeURIComponent(new URL(builtIn.body.url).pathname)).toBe(`/runtimes/${LOCAL_RUNTIME.arn}/ws`);
  });

  it("a URL for an agent in another Region verifies in that Region only", async () => {
    const agent = await register({ name: "verify-eu", displayName: "Verify EU", runtimeArn: EU_ARN });
    const conv = await conversation(alice, agent.id);
    const url = new URL((await mint(alice, conv.id)).body.url);
    const creds = await loadOrCreateLocalCredentials(broker.dataDir);
    const check = (region: string) =>
      verifyAgentCoreRequest(
        { method: "GET", url: `${url.pathname}${url.search}`, headers: { host: url.host } },
        {
          credentials: (id) =>
            id === creds.accessKeyId ? { secretAccessKey: creds.secretAccessKey } : undefined,
          region,
        },
      );
    expect((await check("eu-west-1")).ok).toBe(true);
    expect(await check("us-east-1")).toMatchObject({ ok: false, reason: "wrong-region" });
  });

  it("disabling an agent refuses its URLs with why, stops its live sessions on its own runtime, and audits it", async () => {
    const agent = await register({
      name: "to-disable",
      displayName: "Soon gone",
      runtimeArn: EU_ARN,
      qualifier: "prod",
    });
    const live = await conversation(alice, agent.id);
    expect((await mint(alice, live.id)).status).toBe(200);
    const idle = await conversation(alice, agent.id);
    const other = await conversation(alice);
    expect((await mint(alice, other.id)).status).toBe(200);
    const before = runtime.calls.length;
    const r = await admin.request<{ agent: AdminAgent }>("PATCH", `/api/admin/agents/${agent.id}`, {
      enabled: false,
    });
    expect(r.body.agent.enabled).toBe(false);
    expect(
      runtime.calls.slice(before).map((c) => [c.sessionId, c.runtimeArn, c.qualifier, c.region]),
    ).toEqual([[live.sessionId, EU_ARN, "prod", "eu-west-1"]]);
    const refused = await mint(alice, idle.id);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toEqual({
      code: "agent_unavailable",
      message: "Soon gone has been disabled by an administrator.",
    });
    expect((await mint(admin, (await conversation(admin)).id)).status).toBe(200);
    // The conversation and its history stay readable.
    expect((await alice.request("GET", `/api/conversations/${idle.id}/messages`)).status).toBe(200);
    await broker.services.audit.flush();
    const audit = await admin.request<{ items: Array<{ action: string; targetId: string; detail: object }> }>(
      "GET",
      "/api/admin/audit",
    );
    expect(
      audit.body.items.find((i) => i.action === "agent.updated" && i.targetId === agent.id),
    ).toMatchObject({
      detail: { enabled: false },
    });
    // Enabled again, it works again.
    await admin.request("PATCH", `/api/admin/agents/${agent.id}`, { enabled: true });
    expect((await mint(alice, idle.id)).status).toBe(200);
  });

  it("a branch (an edited or retried message) is a session of the conversation's agent: signed, refused and stopped with it", async () => {
    const agent = await register({ name: "branched", displayName: "Branched", runtimeArn: EU_ARN });
    const conv = await conversation(alice, agent.id);
    const first = await alice.request<{ branchId: string }>("GET", `/api/conversations/${conv.id}/messages`);
    const forked = await alice.request<{ branch: { id: string } }>(
      "POST",
      `/api/conversations/${conv.id}/branches`,
      { fromBranchId: first.body.branchId, afterTurnId: null },
    );
    expect(forked.status, JSON.stringify(forked.body)).toBe(201);
    const mintBranch = () =>
      alice.request<{ url: string; sessionId: string; protocolLevel: string } & ErrorReply>(
        "POST",
        `/api/conversations/${conv.id}/connection?branch=${forked.body.branch.id}`,
      );
    const onBranch = await mintBranch();
    expect(onBranch.status).toBe(200);
    expect(onBranch.body.sessionId).not.toBe(conv.sessionId);
    expect(decodeURIComponent(new URL(onBranch.body.url).pathname)).toBe(`/runtimes/${EU_ARN}/ws`);
    expect((await mint(alice, conv.id)).status).toBe(200);
    const before = runtime.calls.length;
    await admin.request("PATCH", `/api/admin/agents/${agent.id}`, { enabled: false });
    expect(
      runtime.calls
        .slice(before)
        .map((c) => [c.sessionId, c.runtimeArn])
        .sort(),
    ).toEqual(
      [
        [conv.sessionId, EU_ARN],
        [onBranch.body.sessionId, EU_ARN],
      ].sort(),
    );
    const refused = await mintBranch();
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("agent_unavailable");
  });

  it("restricting an agent to admins stops users' sessions only, and refuses users from then on", async () => {
    const agent = await register({ name: "narrowed", displayName: "Narrowed", runtimeArn: LOCAL_OTHER_ARN });
    const users = await conversation(alice, agent.id);
    const admins = await conversation(admin, agent.id);
    expect((await mint(alice, users.id)).status).toBe(200);
    expect((await mint(admin, admins.id)).status).toBe(200);
    const before = runtime.calls.length;
    await admin.request("PATCH", `/api/admin/agents/${agent.id}`, { access: "admins" });
    expect(runtime.calls.slice(before).map((c) => c.sessionId)).toEqual([users.sessionId]);
    expect((await mint(alice, users.id)).body.error.message).toBe(
      "Narrowed is available to administrators only.",
    );
    expect((await mint(admin, admins.id)).status).toBe(200);
  });

  it("signing out stops each conversation's session on its own agent's runtime", async () => {
    const { browser } = await newUser(broker, admin, "two-agents@example.com");
    const agent = await register({ name: "second-runtime", displayName: "Second", runtimeArn: EU_ARN });
    const onBuiltIn = await conversation(browser);
    const onAgent = await conversation(browser, agent.id);
    expect((await mint(browser, onBuiltIn.id)).status).toBe(200);
    expect((await mint(browser, onAgent.id)).status).toBe(200);
    const before = runtime.calls.length;
    await browser.request("POST", "/api/auth/logout");
    const calls = runtime.calls.slice(before).map((c) => [c.sessionId, c.runtimeArn, c.region]);
    expect(calls.sort()).toEqual(
      [
        [onBuiltIn.sessionId, LOCAL_RUNTIME.arn, LOCAL_RUNTIME.region],
        [onAgent.sessionId, EU_ARN, "eu-west-1"],
      ].sort(),
    );
  });

  it("deleting a conversation stops its session on its agent's runtime", async () => {
    const agent = await register({ name: "deleted-on", displayName: "Deleted on", runtimeArn: EU_ARN });
    const conv = await conversation(alice, agent.id);
    expect((await mint(alice, conv.id)).status).toBe(200);
    const before = runtime.calls.length;
    expect((await alice.request("DELETE", `/api/conversations/${conv.id}`)).status).toBe(204);
    expect(runtime.calls.slice(before).map((c) => [c.sessionId, c.runtimeArn])).toEqual([
      [conv.sessionId, EU_ARN],
    ]);
  });
});

describe("settings", () => {
  it("registers the agents of INTERJECT_AGENTS on start, once each, audited as the settings' change", async () => {
    const listed = JSON.stringify([
      { name: "example", displayName: "Example agent", runtimeArn: LOCAL_OTHER_ARN, protocolLevel: "full" },
    ]);
    const b = await startTestBroker({ INTERJECT_AGENTS: listed });
    try {
      const a = await signedInAdmin(b);
      const agents = (await a.request<{ agents: AdminAgent[] }>("GET", "/api/admin/agents")).body.agents;
      expect(agents.map((x) => x.name).sort()).toEqual(["example", "interject"]);
      await b.services.audit.flush();
      const audit = await a.request<{
        items: Array<{ action: string; actorUserId: string | null; detail: object }>;
      }>("GET", "/api/admin/audit");
      expect(audit.body.items.find((i) => i.action === "agent.registered")).toMatchObject({
        actorUserId: null,
        detail: { via: "settings", name: "example" },
      });
    } finally {
      await b.stop();
    }
  });

  it("pins one agent by settings: only it is served and the registry is read-only", async () => {
    const b = await startTestBroker({
      INTERJECT_PIN_AGENT: "true",
      AGENTCORE_RUNTIME_ARN: EU_ARN,
      AGENTCORE_QUALIFIER: "prod",
    });
    try {
      const a = await signedInAdmin(b);
      const list = await a.request<{ agents: AdminAgent[]; pinned: boolean }>("GET", "/api/admin/agents");
      expect(list.body.pinned).toBe(true);
      expect(list.body.agents).toEqual([
        expect.objectContaining({
          builtIn: true,
          runtimeArn: EU_ARN,
          qualifier: "prod",
          region: "eu-west-1",
        }),
      ]);
      const add = await a.request<ErrorReply>("POST", "/api/admin/agents", {
        name: "extra",
        displayName: "Extra",
        runtimeArn: LOCAL_OTHER_ARN,
      });
      expect(add.status).toBe(409);
      expect(add.body.error.code).toBe("registry_pinned");
      expect(
        (await a.request("PATCH", `/api/admin/agents/${BUILT_IN_AGENT_ID}`, { enabled: false })).status,
      ).toBe(409);
      const conv = await conversation(a);
      const url = new URL((await mint(a, conv.id)).body.url);
      expect(decodeURIComponent(url.pathname)).toBe(`/runtimes/${EU_ARN}/ws`);
      expect(url.searchParams.get("qualifier")).toBe("prod");
    } finally {
      await b.stop();
    }
  });

  it("with AWS endpoints, the CSP admits the regional endpoint of every agent's Region", async () => {
    const b = await startTestBroker({ AGENTCORE_ENDPOINT: "aws" });
    try {
      const a = await signedInAdmin(b);
      const csp = async () =>
        (await a.request("GET", "/api/health")).headers.get("content-security-policy") ?? "";
      expect(await csp()).toMatch(/connect-src 'self' wss:\/\/bedrock-agentcore\.us-east-1\.amazonaws\.com;/);
      const created = await a.request("POST", "/api/admin/agents", {
        name: "eu",
        displayName: "EU",
        runtimeArn: EU_ARN,
      });
      expect(created.status).toBe(201);
      await expect
        .poll(csp)
        .toMatch(
          /connect-src 'self' wss:\/\/bedrock-agentcore\.eu-west-1\.amazonaws\.com wss:\/\/bedrock-agentcore\.us-east-1\.amazonaws\.com;/,
        );
    } finally {
      await b.stop();
    }
  });
});

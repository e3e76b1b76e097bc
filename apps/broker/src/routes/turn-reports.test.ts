/**
 * Turns reported by the browser for an agent that reports nothing itself, over real HTTP against a real
 * broker: stored marked as reported by the client and shown in history, the conversation list and the admin
 * view like any turn; owner-only, idempotent by turn id, size- and rate-limited, and refused when the
 * agent reports its own turns.
 */
import { randomUUID } from "node:crypto";
import { MAX_REPORTED_RESPONSE_CHARS, type ReportedTurn } from "@interject/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TURN_REPORTS_PER_MINUTE } from "../history/reported-turns.ts";
import { batch, postEvents, turnEvents } from "../test/events.ts";
import {
  type Browser,
  newUser,
  secretsInLogs,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";

interface Conv {
  id: string;
  sessionId: string;
  lastStatus: string | null;
}

interface StoredTurn {
  turnId: string;
  prompt: string;
  response: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  reportedBy: string;
  stopReason: string | null;
}

const T = Date.parse("2026-12-01T10:00:00Z");

let broker: TestBroker;
let admin: Browser;
let alice: Browser;
let bob: Browser;
/** Agents registered at each level (the built-in one is `full`). */
const agents: Record<"basic" | "detect" | "full", string> = { basic: "", detect: "", full: "" };

async function register(name: string, protocolLevel: "basic" | "detect"): Promise<string> {
  const r = await admin.request<{ agent: { id: string } }>("POST", "/api/admin/agents", {
    name,
    displayName: name,
    runtimeArn: `arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/${name.replace(/-/g, "_")}-0000000000`,
    protocolLevel,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.agent.id;
}

beforeAll(async () => {
  broker = await startTestBroker();
  admin = await signedInAdmin(broker);
  alice = (await newUser(broker, admin, "alice@example.com")).browser;
  bob = (await newUser(broker, admin, "bob@example.com")).browser;
  agents.basic = await register("articles-agent", "basic");
  agents.detect = await register("some-agent", "detect");
  const list = await alice.request<{ agents: { id: string; protocolLevel: string }[] }>("GET", "/api/agents");
  agents.full = list.body.agents.find((a) => a.protocolLevel === "full")?.id ?? "";
});

afterAll(async () => {
  expect(secretsInLogs(broker)).toEqual([]);
  await broker.stop();
});

async function create(b: Browser, level: keyof typeof agents = "basic"): Promise<Conv> {
  const r = await b.request<{ conversation: Conv }>("POST", "/api/conversations", {
    title: `${level} chat`,
    agentId: agents[level],
  });
  expect(r.status).toBe(201);
  return r.body.conversation;
}

function reported(fields: Partial<ReportedTurn> = {}): ReportedTurn {
  return {
    turnId: randomUUID(),
    prompt: "hello",
    response: "You said hello.",
    status: "complete",
    stopReason: null,
    startedAt: T,
    endedAt: T + 1500,
    ...fields,
  };
}

const report = (b: Browser, id: string, body: unknown) =>
  b.request<{ turnId: string; created: boolean }>("POST", `/api/conversations/${id}/turns`, body);

const history = async (b: Browser, id: string) =>
  (await b.request<{ turns: StoredTurn[]; lastSeq: number }>("GET", `/api/conversations/${id}/messages`))
    .body;

describe("turns reported by the browser", () => {
  it("stores them marked as the client's, in the order they started, in history, the list and the admin view", async () => {
    const conv = await create(alice);
    const second = reported({
      prompt: "tell me more",
      response: "Bidirectional stre",
      status: "interrupted",
      stopReason: "user",
      startedAt: T + 5000,
      endedAt: T + 6000,
    });
    const first = reported({ status: "interrupted", stopReason: "new_prompt", response: "You sa" });
    // Reports may arrive out of order (a retried one after a later one): the start times order the turns.
    expect((await report(alice, conv.id, second)).status).toBe(201);
    expect((await report(alice, conv.id, first)).status).toBe(201);
    const third = reported({ prompt: "and?", startedAt: T + 7000, endedAt: T + 8000 });
    expect((await report(alice, conv.id, third)).body).toEqual({ turnId: third.turnId, created: true });

    const stored = await history(alice, conv.id);
    expect(stored.lastSeq).toBe(0);
    expect(stored.turns).toEqual([
      {
        turnId: first.turnId,
        prompt: "hello",
        response: "You sa",
        status: "interrupted",
        startedAt: new Date(T).toISOString(),
        endedAt: new Date(T + 1500).toISOString(),
        reportedBy: "client",
        stopReason: "new_prompt",
        attachments: [],
        feedback: null,
        branchId: expect.any(String),
        versions: { index: 0, branchIds: [expect.any(String)] },
      },
      expect.objectContaining({ turnId: second.turnId, stopReason: "user", reportedBy: "client" }),
      expect.objectContaining({ turnId: third.turnId, status: "complete", stopReason: null }),
    ]);

    const list = await alice.request<{ items: Conv[] }>("GET", "/api/conversations");
    expect(list.body.items.find((c) => c.id === conv.id)?.lastStatus).toBe("complete");

    const detail = await admin.request<{ turns: StoredTurn[] }>("GET", `/api/admin/conversations/${conv.id}`);
    expect(detail.body.turns.map((t) => t.reportedBy)).toEqual(["client", "client", "client"]);
    const interrupted = await admin.request<{ items: Conv[] }>(
      "GET",
      "/api/admin/conversations?interrupted=true",
    );
    expect(interrupted.body.items.map((c) => c.id)).toContain(conv.id);
  });

  it("stores a turn on the branch the browser is on (an edited message's own runtime session)", async () => {
    const conv = await create(alice);
    const first = reported({ prompt: "first", startedAt: T, endedAt: T + 1000 });
    expect((await report(alice, conv.id, first)).status).toBe(201);
    const main = await history(alice, conv.id);
    const mainBranch = (
      await alice.request<{ branchId: string }>("GET", `/api/conversations/${conv.id}/messages`)
    ).body.branchId;
    // Editing the first message: a new branch showing none of the turns before it.
    const fork = await alice.request<{ branch: { id: string } }>(
      "POST",
      `/api/conversations/${conv.id}/branches`,
      {
        fromBranchId: mainBranch,
        afterTurnId: null,
      },
    );
    expect(fork.status).toBe(201);
    const edited = reported({ prompt: "first, edited", startedAt: T + 2000, endedAt: T + 3000 });
    const onBranch = await alice.request(
      "POST",
      `/api/conversations/${conv.id}/turns?branch=${fork.body.branch.id}`,
      edited,
    );
    expect(onBranch.status).toBe(201);
    const branch = await alice.request<{ branchId: string; turns: StoredTurn[] }>(
      "GET",
      `/api/conversations/${conv.id}/messages?branch=${fork.body.branch.id}`,
    );
    expect(branch.body.turns.map((t) => t.prompt)).toEqual(["first, edited"]);
    // The first branch still shows its own turn only.
    expect(main.turns.map((t) => t.prompt)).toEqual(["first"]);
    const again = await alice.request<{ turns: StoredTurn[] }>(
      "GET",
      `/api/conversations/${conv.id}/messages?branch=${mainBranch}`,
    );
    expect(again.body.turns.map((t) => t.prompt)).toEqual(["first"]);
    // A branch of someone else's conversation is not found.
    const other = await create(bob);
    expect(
      (
        await bob.request(
          "POST",
          `/api/conversations/${other.id}/turns?branch=${fork.body.branch.id}`,
          reported(),
        )
      ).status,
    ).toBe(404);
  });

  it("stores a turn id once: a repeated report changes nothing", async () => {
    const conv = await create(alice);
    const turn = reported();
    expect((await report(alice, conv.id, turn)).status).toBe(201);
    const again = await report(alice, conv.id, { ...turn, response: "something else", status: "error" });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    const stored = await history(alice, conv.id);
    expect(stored.turns.map((t) => [t.turnId, t.response, t.status])).toEqual([
      [turn.turnId, turn.response, "complete"],
    ]);
  });

  it("answers someone else's conversation and a missing one as not found, and refuses the signed-out", async () => {
    const conv = await create(alice);
    expect((await report(bob, conv.id, reported())).status).toBe(404);
    expect((await report(alice, randomUUID(), reported())).status).toBe(404);
    expect((await report(broker.browser(), conv.id, reported())).status).toBe(401);
    expect((await history(alice, conv.id)).turns).toEqual([]);
  });

  it("refuses malformed reports", async () => {
    const conv = await create(alice);
    for (const body of [
      reported({ status: "interrupted", stopReason: null }),
      { ...reported(), status: "streaming" },
      { ...reported(), turnId: "not-a-uuid" },
      { ...reported(), reportedBy: "agent" },
      reported({ endedAt: T - 1 }),
    ]) {
      const r = await report(alice, conv.id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await history(alice, conv.id)).turns).toEqual([]);
  });

  it("takes a long answer beyond the API's usual 64 KB, and refuses a body over its own limit", async () => {
    const conv = await create(alice);
    const long = reported({ response: "é".repeat(MAX_REPORTED_RESPONSE_CHARS) });
    expect((await report(alice, conv.id, long)).status).toBe(201);
    expect((await history(alice, conv.id)).turns[0]?.response).toHaveLength(MAX_REPORTED_RESPONSE_CHARS);
    const tooLong = await report(
      alice,
      conv.id,
      reported({ response: "x".repeat(MAX_REPORTED_RESPONSE_CHARS + 1) }),
    );
    expect(tooLong.status).toBe(400);
    const huge = await report(alice, conv.id, `{"padding":"${"x".repeat(1024 * 1024)}"}`);
    expect(huge.status).toBe(413);
    // Other routes keep the 64 KB limit.
    const rename = await alice.request("PATCH", `/api/conversations/${conv.id}`, {
      title: "x".repeat(70_000),
    });
    expect(rename.status).toBe(413);
  });

  it("refuses reports for a full agent's conversation, and for one whose agent reported events", async () => {
    const full = await create(alice, "full");
    expect((await report(alice, full.id, reported())).status).toBe(409);
    expect((await history(alice, full.id)).turns).toEqual([]);

    // Registered as `detect`: the browser reports until the agent shows it reports for itself.
    const detect = await create(alice, "detect");
    expect((await report(alice, detect.id, reported())).status).toBe(201);
    const ingested = await postEvents(
      broker.url,
      batch(turnEvents(detect.sessionId, 1, "agent-turn", "hi", ["Hello"], "complete")),
    );
    expect(ingested.status).toBe(200);
    expect((await report(alice, detect.id, reported())).status).toBe(409);
    expect((await history(alice, detect.id)).turns.map((t) => t.reportedBy)).toEqual(["client", "agent"]);
  });

  it("limits how many reports one user sends a minute", async () => {
    const carol = (await newUser(broker, admin, "carol@example.com")).browser;
    const conv = await create(carol);
    // Refused reports count too: the limit is taken before the body is checked.
    for (let i = 0; i < TURN_REPORTS_PER_MINUTE; i++) {
      expect((await report(carol, conv.id, {})).status).toBe(400);
    }
    const limited = await report(carol, conv.id, reported());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Someone else's allowance is their own.
    expect((await report(alice, (await create(alice)).id, reported())).status).toBe(201);
  });
});

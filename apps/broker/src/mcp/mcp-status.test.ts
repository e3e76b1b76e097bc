/**
 * An agent on the kit with real MCP servers (server-everything over stdio, and one that cannot start)
 * reporting to a real broker: the admin console's view of its servers and tools, a switch that withholds a
 * tool from the model (applied by the agent from its next report's answer) and back, the audit entry, and
 * who may reach which route.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentApp } from "@interject/agent-kit";
import { startAgent, TestClient, until } from "@interject/agent-kit/testing";
import { everythingStdio, waitForStatus } from "@interject/mcp-tools/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  INGEST_TOKEN,
  newUser,
  signedInAdmin,
  startTestBroker,
  type TestBroker,
} from "../test/harness.ts";
import type { AgentMcpView } from "./mcp-store.ts";

let broker: TestBroker;
let admin: Browser;
let agent: AgentApp;
let wsBase: string;

beforeAll(async () => {
  broker = await startTestBroker();
  admin = await signedInAdmin(broker);
  const dir = await mkdtemp(join(tmpdir(), "broker-mcp-"));
  const config = join(dir, "mcp.json");
  await writeFile(
    config,
    JSON.stringify({
      mcpServers: { everything: everythingStdio(), broken: { command: join(dir, "no-such-server") } },
    }),
  );
  const started = await startAgent(
    {
      AGENT_MCP_CONFIG: config,
      BROKER_INGEST_URL: broker.url,
      BROKER_INGEST_TOKEN: INGEST_TOKEN,
      AGENT_MCP_REPORT_SECONDS: "60",
    },
    { name: "mcp-test-agent" },
  );
  agent = started.agent;
  wsBase = started.wsBase;
  if (!agent.mcp) throw new Error("no MCP tools");
  await waitForStatus(agent.mcp.manager, "everything", (s) => s.state === "connected");
});

afterAll(async () => {
  await agent?.close();
  await broker?.stop();
});

async function view(): Promise<AgentMcpView | undefined> {
  const r = await admin.request<{ agents: AgentMcpView[] }>("GET", "/api/admin/mcp");
  expect(r.status).toBe(200);
  return r.body.agents.find((a) => a.agent === "mcp-test-agent");
}

async function viewWhen(check: (v: AgentMcpView) => boolean): Promise<AgentMcpView> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await view();
    if (v && check(v)) return v;
    if (Date.now() > deadline) throw new Error(`the view never matched: ${JSON.stringify(v)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ask(text: string): Promise<string> {
  const client = await TestClient.connect(wsBase);
  client.send({ inputText: text });
  const complete = await client.waitFor("complete");
  client.close();
  return complete.fullResponse;
}

describe("MCP status in the broker", () => {
  it("shows the agent's servers (connected, down with the last error) and its tools with annotations", async () => {
    const v = await viewWhen((a) =>
      a.servers.some((s) => s.server === "everything" && s.state === "connected"),
    );
    expect(v.instances).toBe(1);
    expect(v.servers.find((s) => s.server === "everything")).toMatchObject({
      transport: "stdio",
      state: "connected",
      serverInfo: { name: "mcp-servers/everything" },
      instances: { connected: 1, down: 0 },
    });
    const broken = v.servers.find((s) => s.server === "broken");
    expect(broken).toMatchObject({ state: "down", failures: expect.any(Number) });
    expect(broken?.lastError).toMatch(/ENOENT|no-such-server|closed/);
    expect(broken?.nextRetryAt).toBeGreaterThan(0);
    expect(v.tools.find((t) => t.tool === "echo")).toMatchObject({
      name: "everything__echo",
      server: "everything",
      description: "Echoes back the input string",
      annotations: { title: "Echo Tool", readOnlyHint: true },
      needsApproval: false,
      enabled: true,
      applied: true,
      listed: true,
    });
  });

  it("withholds a tool the admin switches off once the agent reports, and offers it again when switched on", async () => {
    expect(await ask('/tool everything__echo {"message": "before"}')).toContain("Echo: before");
    const off = await admin.request("PUT", "/api/admin/mcp/agents/mcp-test-agent/tools", {
      server: "everything",
      tool: "echo",
      enabled: false,
    });
    expect(off.status).toBe(200);
    // The agent hears of it in its next report's answer (every AGENT_MCP_REPORT_SECONDS; sent now here).
    const answered = agent.mcpReporter?.answered ?? 0;
    await agent.mcpReporter?.send();
    await until(() => (agent.mcpReporter?.answered ?? 0) > answered);
    expect(await ask('/tool everything__echo {"message": "hidden"}')).toContain(
      'There is no tool named "everything__echo"',
    );
    await agent.mcpReporter?.send();
    const withheld = await viewWhen((a) => a.tools.some((t) => t.tool === "echo" && !t.enabled && t.applied));
    expect(withheld.tools.find((t) => t.tool === "echo")?.switchedOffAt).toEqual(expect.any(String));

    const on = await admin.request("PUT", "/api/admin/mcp/agents/mcp-test-agent/tools", {
      server: "everything",
      tool: "echo",
      enabled: true,
    });
    expect(on.status).toBe(200);
    await agent.mcpReporter?.send();
    expect(await ask('/tool everything__echo {"message": "back"}')).toContain("Echo: back");
    const audit = await admin.request<{ items: Array<{ action: string; detail: Record<string, unknown> }> }>(
      "GET",
      "/api/admin/audit",
    );
    expect(audit.body.items.filter((i) => i.action === "mcp.tool.switched").map((i) => i.detail)).toEqual([
      { agent: "mcp-test-agent", server: "everything", tool: "echo", enabled: true },
      { agent: "mcp-test-agent", server: "everything", tool: "echo", enabled: false },
    ]);
  });

  it("keeps a switch for a tool no agent lists now, so it is off when its server comes back", async () => {
    const r = await admin.request("PUT", "/api/admin/mcp/agents/mcp-test-agent/tools", {
      server: "broken",
      tool: "wipe",
      enabled: false,
    });
    expect(r.status).toBe(200);
    const v = await viewWhen((a) => a.tools.some((t) => t.server === "broken"));
    expect(v.tools.find((t) => t.server === "broken")).toMatchObject({
      name: null,
      tool: "wipe",
      enabled: false,
      listed: false,
    });
  });

  it("lets only agents with the ingest token report, and only admins see or switch", async () => {
    const report = { agent: "x", instanceId: "i-1", reportSeconds: 30, servers: [], tools: [] };
    const post = (token: string, body: unknown = report) =>
      fetch(`${broker.url}/internal/v1/mcp/status`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("wrong-token")).status).toBe(401);
    expect((await post(INGEST_TOKEN, { ...report, extra: true })).status).toBe(400);
    const ok = await post(INGEST_TOKEN);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ withheld: [] });
    const { browser: user } = await newUser(broker, admin, "mcp-user@example.com");
    expect((await user.request("GET", "/api/admin/mcp")).status).toBe(403);
    const put = await user.request("PUT", "/api/admin/mcp/agents/x/tools", {
      server: "s",
      tool: "t",
      enabled: false,
    });
    expect(put.status).toBe(403);
  });
});

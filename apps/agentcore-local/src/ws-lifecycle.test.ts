/**
 * Close codes pass through both ways (but a client's 4000, the runtime's own "session stopped" word to the
 * agent, arrives as 1000), and AgentCore's lifecycle applies: an idle session is closed (1001),
 * while an agent reporting HealthyBusy on /ping keeps its session alive.
 */
import { createAgentCorePresigner, LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { SESSION_STOPPED_CLOSE_CODE } from "@interject/agentcore-sigv4/constants";
import { afterEach, describe, expect, it } from "vitest";
import type { DataPlane } from "./server.ts";
import { closed, collect, connect, KEY, SID, startPlane } from "./testing/harness.ts";
import { startUpstream, type Upstream } from "./testing/upstream-server.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

async function setup(
  lifecycle: { idleTimeoutMs?: number; pingIntervalMs?: number; maxLifetimeMs?: number } = {},
) {
  const upstream: Upstream = await startUpstream();
  const plane: DataPlane = await startPlane({ agentUrl: upstream.url, lifecycle });
  cleanup.push(
    () => upstream.close(),
    () => plane.close(),
  );
  const presigner = createAgentCorePresigner({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${plane.port}`,
    credentials: KEY,
  });
  const open = async (sessionId = SID) => {
    const { url } = await presigner.presignWebSocketUrl({
      runtimeArn: LOCAL_RUNTIME.arn,
      sessionId,
      expiresIn: 60,
    });
    const { ws, refused } = await connect(url);
    if (!ws) throw new Error(`refused: ${JSON.stringify(refused)}`);
    await collect(ws, (m) => m.length === 1); // hello
    return ws;
  };
  return { upstream, plane, open };
}

describe("close codes", () => {
  it("an agent's close code and reason reach the client", async () => {
    const { open } = await setup();
    const ws = await open();
    const done = closed(ws);
    ws.send("close:4001:agent says bye");
    expect(await done).toEqual({ code: 4001, reason: "agent says bye" });
  });

  it("a client's close code and reason reach the agent", async () => {
    const { open, upstream } = await setup();
    const ws = await open();
    ws.close(4002, "client says bye");
    await closed(ws);
    await expect
      .poll(() => upstream.closes.at(-1), { timeout: 10_000 })
      .toEqual({ code: 4002, reason: "client says bye" });
  });

  it("a client's 4000 reaches the agent as 1000: only the runtime says a session was stopped", async () => {
    const { open, upstream } = await setup();
    const ws = await open();
    ws.close(SESSION_STOPPED_CLOSE_CODE, "resync");
    await closed(ws);
    await expect
      .poll(() => upstream.closes.at(-1), { timeout: 10_000 })
      .toEqual({ code: 1000, reason: "resync" });
  });

  it("1011 from a failing agent handler passes through", async () => {
    const { open } = await setup();
    const ws = await open();
    const done = closed(ws);
    ws.send("close:1011:handler failed");
    expect((await done).code).toBe(1011);
  });
});

describe("subprotocols", () => {
  it("the client's offered subprotocols reach the agent and the agent's choice comes back", async () => {
    const { plane, upstream } = await setup();
    const presigner = createAgentCorePresigner({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${plane.port}`,
      credentials: KEY,
    });
    const { url } = await presigner.presignWebSocketUrl({
      runtimeArn: LOCAL_RUNTIME.arn,
      sessionId: SID,
      expiresIn: 60,
    });
    const { ws } = await connect(url, {}, ["interject.v1", "other"]);
    expect(ws?.protocol).toBe("interject.v1");
    expect(upstream.connections.at(-1)?.headers["sec-websocket-protocol"]).toBe("interject.v1,other");
    ws?.terminate();
  });
});

describe("lifecycle", () => {
  it("an idle session is closed with 1001", async () => {
    const { open, upstream } = await setup({ idleTimeoutMs: 300, pingIntervalMs: 100 });
    const ws = await open();
    expect((await closed(ws)).code).toBe(1001);
    await expect.poll(() => upstream.closes.at(-1)?.code, { timeout: 10_000 }).toBe(1001);
  });

  it("the maximum lifetime ends even a busy session", async () => {
    const { open, upstream } = await setup({ idleTimeoutMs: 60_000, maxLifetimeMs: 500, pingIntervalMs: 50 });
    upstream.status = "HealthyBusy";
    const ws = await open();
    const c = await closed(ws);
    expect(c).toEqual({ code: 1001, reason: "max lifetime reached" });
  });

  it("HealthyBusy on /ping keeps an idle session alive until the agent is Healthy again", async () => {
    // Margins wide enough for a loaded CI machine: a ping poll can be late by a few hundred ms there.
    const { open, upstream } = await setup({ idleTimeoutMs: 1000, pingIntervalMs: 50 });
    upstream.status = "HealthyBusy";
    const ws = await open();
    let closedAt = 0;
    const done = closed(ws).then((c) => {
      closedAt = Date.now();
      return c;
    });
    // Well past the idle timeout the busy session is still usable.
    await new Promise((r) => setTimeout(r, 3000));
    expect(closedAt).toBe(0);
    const echo = collect(ws, (m) => m.includes("still here"));
    ws.send("still here");
    await echo;
    upstream.status = "Healthy";
    expect((await done).code).toBe(1001);
  });
});

/**
 * `RuntimeGate` in front of a real kit agent over real sockets: a minted URL is admitted once and a reused or
 * unknown one gets 403, the token stays at the gate while the rest of the query reaches the agent, the gate's
 * session id header replaces the client's, and `dropAll` cuts the open connections.
 */
import { randomUUID } from "node:crypto";
import { SESSION_ID_PARAM, TRACE_LEVEL_PARAM } from "@interject/agentcore-sigv4/constants";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { AgentApp } from "../app.ts";
import { startAgent, TestClient } from "./agent-server.ts";
import { until } from "./fake-socket.ts";
import { RuntimeGate } from "./runtime-gate.ts";

let agent: AgentApp | undefined;
let gate: RuntimeGate | undefined;

afterEach(async () => {
  await gate?.close();
  await agent?.close();
  gate = undefined;
  agent = undefined;
});

async function gated(headers: Record<string, string> = {}): Promise<RuntimeGate> {
  const started = await startAgent();
  agent = started.agent;
  gate = await RuntimeGate.start({ upstreamPort: started.port, headers });
  return gate;
}

/** Connects a collecting client to a minted URL, sending `sessionId` as the client's own header. */
function connect(url: string, sessionId?: string): Promise<TestClient> {
  const parsed = new URL(url);
  return TestClient.connect(parsed.origin, { query: parsed.searchParams.toString(), sessionId });
}

/** The HTTP status an upgrade to `url` is refused with (0 if it was accepted). */
function refusal(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("open", () => {
      resolve(0);
      ws.close();
    });
    ws.once("error", (error) => {
      if (!error.message.includes("Unexpected server response")) reject(error);
    });
  });
}

describe("RuntimeGate", () => {
  it("admits a minted URL once and refuses a reused or unknown one with 403", async () => {
    const g = await gated();
    const url = g.mintUrl();
    const client = await connect(url);
    await client.waitFor("session");
    expect(await refusal(url)).toBe(403);
    expect(await refusal(g.refusedUrl())).toBe(403);
    const [first, reused, unknown] = g.presentedTokens;
    expect(g.presentedTokens).toHaveLength(3);
    expect(reused).toBe(first);
    expect(unknown).toBe("expired");
    client.close();
  });

  it("keeps its token, passes the rest of the query on, and sets its headers over the client's", async () => {
    const sessionId = `gated-session-${randomUUID()}`;
    const g = await gated({ [SESSION_ID_PARAM]: sessionId });
    const client = await connect(g.mintUrl(), `client-session-${randomUUID()}`);
    expect((await client.waitFor("session")).sessionId).toBe(sessionId);
    client.close();
    // The agent refuses a bad trace level: the query reached it.
    expect(await refusal(g.mintUrl(`${TRACE_LEVEL_PARAM}=bogus`))).toBe(400);
  });

  it("cuts every open connection without a close handshake", async () => {
    const g = await gated();
    const clients = [await connect(g.mintUrl()), await connect(g.mintUrl())];
    await Promise.all(clients.map((c) => c.waitFor("session")));
    expect(g.connectionCount).toBe(2);
    g.dropAll();
    for (const client of clients) expect((await client.waitClosed()).code).toBe(1006);
    await until(() => g.connectionCount === 0, "the gate to forget the connections");
  });
});

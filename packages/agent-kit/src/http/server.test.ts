/**
 * The real agent on a free port over real sockets and HTTP: the AgentCore contract (/ping, /ws,
 * /invocations), the seed articles' plain client, interruption, resume after a reconnect, trace levels,
 * limits, idle sessions and dead peers.
 */
import net from "node:net";
import {
  SESSION_ID_PARAM,
  TRACE_LEVEL_PARAM,
  WEBSOCKET_MAX_FRAME_BYTES,
} from "@interject/agentcore-sigv4/constants";
import {
  type AgentMessage,
  MAX_INBOUND_FRAME_BYTES,
  MAX_PROMPT_CHARS,
  parseAgentMessage,
} from "@interject/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { startAgent, TestClient } from "../testing/agent-server.ts";

const DETAIL = "Explain in detail how interruption works";
const SESSION = "integration-session-0000000000000000001";
const stop: Array<() => Promise<void>> = [];

async function agentFor(env: Record<string, string> = {}) {
  const started = await startAgent(env);
  stop.push(() => started.agent.close());
  return started;
}

afterEach(async () => {
  for (const fn of stop.splice(0)) await fn();
});

function chunks(messages: AgentMessage[], turnId: string): string {
  return messages
    .filter((m) => m.type === "chunk" && m.turnId === turnId)
    .map((m) => (m.type === "chunk" ? m.data : ""))
    .join("");
}

describe("AgentCore contract", () => {
  it("answers /ping, HealthyBusy only while an answer runs, and moves the timestamp only on a status change", async () => {
    const { base, wsBase } = await agentFor({ AGENT_OFFLINE_DELAY_MS: "20" });
    const ping = async () =>
      (await fetch(`${base}/ping`)).json() as Promise<{ status: string; time_of_last_update: number }>;
    const idle = await ping();
    expect(idle).toEqual({ status: "Healthy", time_of_last_update: expect.any(Number) });
    expect((await ping()).time_of_last_update).toBe(idle.time_of_last_update);
    const client = await TestClient.connect(wsBase);
    client.send({ inputText: DETAIL });
    await client.waitFor("chunk");
    const busy = await ping();
    expect(busy.status).toBe("HealthyBusy");
    expect(busy.time_of_last_update).toBeGreaterThanOrEqual(idle.time_of_last_update);
    expect((await ping()).time_of_last_update).toBe(busy.time_of_last_update);
    client.send({ type: "interrupt" });
    await client.waitFor("interrupted");
    expect((await ping()).status).toBe("Healthy");
    client.close();
    expect((await fetch(`${base}/nowhere`)).status).toBe(404);
  });

  it("works unchanged with the seed articles' plain client: inputText, chunk/data, interrupted/partialResponse, complete/fullResponse", async () => {
    const { wsBase } = await agentFor({ AGENT_OFFLINE_DELAY_MS: "2" });
    const client = await TestClient.connect(wsBase);
    // The article's client reads only these fields, exactly like this.
    let printed = "";
    let partial: string | null = null;
    let full: string | null = null;
    client.ws.on("message", (raw) => {
      const data = JSON.parse(raw.toString()) as Record<string, unknown>;
      if (data.type === "chunk") printed += String(data.data);
      else if (data.type === "interrupted") partial = String(data.partialResponse);
      else if (data.type === "complete") full = String(data.fullResponse);
    });
    client.send({ inputText: "日本の歴史について詳しく教えてください" });
    await client.waitFor("chunk", 8);
    client.send({ inputText: "やっぱりPythonについて教えて" });
    await client.waitFor("complete");
    const interrupted = client.of("interrupted")[0];
    expect(interrupted?.partialResponse).toBe(partial);
    expect(partial).toBe(chunks(client.messages, interrupted?.turnId ?? ""));
    expect(partial).toContain("オフラインモデル");
    expect(printed.startsWith(partial ?? "x")).toBe(true);
    expect(printed).toBe(`${partial}${full}`);
    client.close();
  });

  it("closes with 1009 above 32 KB, and answers malformed and binary frames with typed errors on a usable connection", async () => {
    const { wsBase } = await agentFor();
    const client = await TestClient.connect(wsBase);
    await client.waitFor("session");
    client.send("{oops");
    client.send({ type: "prompt", id: "x" });
    client.ws.send(Buffer.from(JSON.stringify({ type: "ping", nonce: "as bytes" })));
    client.send({ type: "ping", nonce: "alive" });
    expect(await client.waitFor("pong")).toMatchObject({ nonce: "alive" });
    expect(client.of("pong")).toHaveLength(1);
    expect(client.of("error").map((e) => e.code)).toEqual([
      "invalid_json",
      "invalid_message",
      "binary_frame",
    ]);
    expect(client.of("error")[2]?.error).toMatch(/JSON text frame/);
    client.send("x".repeat(33 * 1024));
    expect((await client.waitClosed()).code).toBe(1009);
  });

  it("accepts the longest prompt in 3-byte characters: its frame fits AgentCore's 32 KB frame limit", async () => {
    const { wsBase } = await agentFor();
    const client = await TestClient.connect(wsBase);
    await client.waitFor("session");
    const frame = JSON.stringify({
      type: "prompt",
      id: "p".repeat(128),
      text: "日".repeat(MAX_PROMPT_CHARS),
    });
    expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_INBOUND_FRAME_BYTES);
    expect(MAX_INBOUND_FRAME_BYTES).toBeLessThanOrEqual(WEBSOCKET_MAX_FRAME_BYTES);
    client.send(frame);
    expect(await client.waitFor("turn")).toMatchObject({ promptId: "p".repeat(128) });
    client.send({ type: "interrupt" });
    await client.waitFor("interrupted");
    client.close();
  });

  it("rejects a bad session id or trace level before the upgrade", async () => {
    const { wsBase } = await agentFor();
    await expect(TestClient.connect(wsBase, { sessionId: "short" })).rejects.toThrow(/400/);
    await expect(TestClient.connect(wsBase, { query: `${TRACE_LEVEL_PARAM}=everything` })).rejects.toThrow(
      /400/,
    );
  });
});

describe("sessions over real sockets", () => {
  it("keeps answering while the socket is away and delivers the rest on resume, without loss or repeats", async () => {
    const { wsBase } = await agentFor({ AGENT_OFFLINE_DELAY_MS: "3" });
    const full = `${TRACE_LEVEL_PARAM}=full`;
    const first = await TestClient.connect(wsBase, { sessionId: SESSION, query: full });
    expect(await first.waitFor("session")).toMatchObject({ sessionId: SESSION, resumed: false });
    first.send({ type: "prompt", id: "p1", text: DETAIL });
    await first.waitFor("chunk", 5);
    first.close();
    await first.waitClosed();
    const lastSeen = Math.max(...first.messages.map((m) => m.seq));
    const second = await TestClient.connect(wsBase, { sessionId: SESSION, query: full });
    const hello = await second.waitFor("session");
    expect(hello).toMatchObject({ resumed: true, activeTurnId: expect.any(String) });
    second.send({ type: "resume", afterSeq: lastSeen });
    const complete = await second.waitFor("complete");
    const all = [...first.messages, ...second.messages].filter(
      (m) => m.type !== "session" && m.type !== "pong",
    );
    const seqs = all.map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(chunks(all, complete.turnId)).toBe(complete.fullResponse);
    second.close();
  });

  it("keeps sessions isolated: what one conversation said is unknown to another", async () => {
    const { wsBase } = await agentFor();
    const ada = await TestClient.connect(wsBase, { sessionId: SESSION });
    const other = await TestClient.connect(wsBase, { sessionId: `${SESSION}-other` });
    ada.send({ inputText: "My name is Ada." });
    await ada.waitFor("complete");
    other.send({ inputText: "What is my name?" });
    expect((await other.waitFor("complete")).fullResponse).toContain("You have not told me your name");
    ada.send({ inputText: "What is my name?" });
    expect((await ada.waitFor("complete", 2)).fullResponse).toContain("Your name is Ada");
    ada.close();
    other.close();
  });

  it("filters traces by the signed trace level from the query string", async () => {
    const { wsBase } = await agentFor();
    const user = await TestClient.connect(wsBase, { sessionId: SESSION });
    const admin = await TestClient.connect(wsBase, {
      sessionId: SESSION,
      query: `${TRACE_LEVEL_PARAM}=full`,
    });
    expect(await admin.waitFor("session")).toMatchObject({ traceLevel: "full" });
    expect(await user.waitFor("session")).toMatchObject({ traceLevel: "milestones" });
    user.send({ type: "resume", afterSeq: 0 });
    admin.send({ type: "prompt", id: "p1", text: "What is 17 * 3?" });
    await user.waitFor("complete");
    await admin.waitFor("complete");
    expect(new Set(user.of("trace").map((t) => t.trace.kind))).toEqual(new Set(["milestone"]));
    expect(
      admin.of("trace").some((t) => t.trace.kind === "tool_result" && t.trace.output.includes("= 51")),
    ).toBe(true);
    user.close();
    admin.close();
  });

  it("drops sessions idle for AGENT_SESSION_IDLE_SECONDS with close code 4002", async () => {
    const { agent, wsBase } = await agentFor({ AGENT_SESSION_IDLE_SECONDS: "1" });
    const client = await TestClient.connect(wsBase, { sessionId: SESSION });
    await client.waitFor("session");
    expect(agent.store.size).toBe(1);
    expect((await client.waitClosed()).code).toBe(4002);
    expect(agent.store.size).toBe(0);
  });

  it("terminates a peer that stops answering WebSocket pings, and keeps one that answers", async () => {
    const { port, wsBase } = await agentFor({ AGENT_WS_PING_INTERVAL_SECONDS: "1" });
    const healthy = await TestClient.connect(wsBase);
    const dead = net.connect(port, "127.0.0.1");
    dead.write(
      "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
    );
    let received = "";
    dead.on("data", (data) => {
      received += data.toString("latin1");
    });
    await new Promise<void>((resolve) => dead.once("close", () => resolve()));
    expect(received).toContain("101 Switching Protocols");
    expect(healthy.closed).toBeNull();
    healthy.close();
  });
});

describe("/invocations", () => {
  it("answers one JSON message, or streams the same events as SSE, for the session in the header", async () => {
    const { base } = await agentFor();
    const json = await fetch(`${base}/invocations`, {
      method: "POST",
      headers: { [SESSION_ID_PARAM]: SESSION },
      body: JSON.stringify({ inputText: "My name is Ada." }),
    });
    expect(json.status).toBe(200);
    expect(json.headers.get(SESSION_ID_PARAM)).toBe(SESSION);
    expect(await json.json()).toMatchObject({
      type: "complete",
      fullResponse: expect.stringContaining("Ada"),
    });

    const sse = await fetch(`${base}/invocations?${TRACE_LEVEL_PARAM}=full`, {
      method: "POST",
      headers: { accept: "text/event-stream", [SESSION_ID_PARAM]: SESSION },
      body: JSON.stringify({ prompt: "What is my name?" }),
    });
    expect(sse.headers.get("content-type")).toContain("text/event-stream");
    const events = (await sse.text())
      .split("\n\n")
      .filter((block) => block.startsWith("data: "))
      .map((block) => {
        const parsed = parseAgentMessage(block.slice(6));
        if (!parsed.ok) throw new Error(parsed.error.message);
        return parsed.value;
      });
    expect(events[0]).toMatchObject({ type: "session", resumed: true });
    const complete = events.find((e) => e.type === "complete");
    expect(complete).toMatchObject({ fullResponse: expect.stringContaining("Your name is Ada") });
    expect(chunks(events, complete?.type === "complete" ? complete.turnId : "")).toBe(
      complete?.type === "complete" ? complete.fullResponse : "",
    );
  });

  it("refuses bodies without a prompt (400) or over 32 KB (413)", async () => {
    const { base } = await agentFor();
    const missing = await fetch(`${base}/invocations`, {
      method: "POST",
      body: JSON.stringify({ hello: 1 }),
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: "invalid_message" } });
    const large = await fetch(`${base}/invocations`, { method: "POST", body: "x".repeat(33 * 1024) }).catch(
      () => null,
    );
    if (large) expect(large.status).toBe(413);
  });
});

/**
 * Reporting to the broker and restoring from it, against a real local HTTP server standing in for the
 * broker's internal endpoints: batches with the bearer token, retries after failures without duplicates,
 * a bounded queue, a stream that never waits for the broker, a restarted agent continuing a session, and a
 * stopped runtime session: its answer reported as revoked, and the session rebuilt from the broker afterwards.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import {
  SESSION_ID_PARAM,
  SESSION_STOPPED_CLOSE_CODE,
  SESSION_STOPPED_CLOSE_REASON,
  TRACE_LEVEL_PARAM,
} from "@interject/agentcore-sigv4/constants";
import {
  type IngestBatch,
  parseIngestBatchText,
  type SessionHistory,
  type StreamMessage,
} from "@interject/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger.ts";
import { startAgent, TestClient } from "../testing/agent-server.ts";
import { until } from "../testing/fake-socket.ts";
import { IngestReporter } from "./ingest-reporter.ts";

const TOKEN = "test-ingest-token-0123456789";
const SESSION = "reporting-session-00000000000000000001";

interface Broker {
  url: string;
  batches: IngestBatch[];
  /** Every POSTed body, refused ones too. */
  attempts: string[];
  stored: Map<string, StreamMessage>;
  /** Status to answer with for the next requests (then 200). */
  failNext: number[];
  histories: Map<string, SessionHistory>;
  /** Answers history requests for sessions not in `histories`, from what is stored at that moment. */
  historyOf?: (sessionId: string) => SessionHistory | undefined;
  /** Status to answer with for the next history requests (then the history). */
  historyFailNext: number[];
  /** Milliseconds to hold each event batch before answering. */
  delayMs: number;
  unauthorized: number;
  server: Server;
}

async function body(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts).toString("utf8");
}

async function startBroker(): Promise<Broker> {
  const broker: Omit<Broker, "url" | "server"> = {
    batches: [],
    attempts: [],
    stored: new Map(),
    failNext: [],
    histories: new Map(),
    delayMs: 0,
    historyFailNext: [],
    unauthorized: 0,
  };
  const server = createServer(async (req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      broker.unauthorized++;
      res.writeHead(401).end();
      return;
    }
    const history = /^\/internal\/v1\/sessions\/([^/]+)\/history$/.exec(req.url ?? "");
    if (req.method === "GET" && history) {
      const failWith = broker.historyFailNext.shift();
      if (failWith) {
        res.writeHead(failWith).end();
        return;
      }
      const id = decodeURIComponent(history[1] ?? "");
      const found = broker.histories.get(id) ?? broker.historyOf?.(id);
      res
        .writeHead(found ? 200 : 404, { "content-type": "application/json" })
        .end(JSON.stringify(found ?? { error: { code: "not_found", message: "unknown" } }));
      return;
    }
    if (req.method === "POST" && req.url === "/internal/v1/events") {
      const text = await body(req);
      broker.attempts.push(text);
      if (broker.delayMs) await new Promise((r) => setTimeout(r, broker.delayMs));
      const status = broker.failNext.shift();
      if (status) {
        res.writeHead(status).end();
        return;
      }
      const parsed = parseIngestBatchText(text, 1024 * 1024);
      if (!parsed.ok) {
        res
          .writeHead(400, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { code: parsed.error.code, message: parsed.error.message } }));
        return;
      }
      broker.batches.push(parsed.value);
      let accepted = 0;
      let duplicates = 0;
      for (const event of parsed.value.events) {
        const key = `${event.sessionId}/${event.message.seq}`;
        if (broker.stored.has(key)) duplicates++;
        else {
          broker.stored.set(key, event.message);
          accepted++;
        }
      }
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ accepted, duplicates }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // The same object the server reads, so a test's changes (delayMs, historyOf) take effect.
  return Object.assign(broker, { url: `http://127.0.0.1:${port}`, server });
}

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function setup(env: Record<string, string> = {}) {
  const broker = await startBroker();
  cleanup.push(() => new Promise((resolve) => broker.server.close(() => resolve())));
  const started = await startAgent({
    BROKER_INGEST_URL: broker.url,
    BROKER_INGEST_TOKEN: TOKEN,
    AGENT_INGEST_FLUSH_MS: "5",
    ...env,
  });
  cleanup.unshift(() => started.agent.close());
  return { broker, ...started };
}

describe("reporting to the broker", () => {
  it("sends every stream message in batches with the token, retrying failures without losing or duplicating", async () => {
    const { broker, agent, base } = await setup({ AGENT_INGEST_BATCH_EVENTS: "3" });
    broker.failNext.push(500, 503);
    const response = await fetch(`${base}/invocations`, {
      method: "POST",
      headers: { [SESSION_ID_PARAM]: SESSION },
      body: JSON.stringify({ inputText: "Explain in detail how traces work" }),
    });
    const complete = (await response.json()) as { seq: number; fullResponse: string };
    await until(() => broker.stored.has(`${SESSION}/${complete.seq}`), "the last event stored");
    await agent.reporter?.idle();
    // Every seq is stored, or is one of the consecutive chunks a stored chunk stands for.
    const stored = [...broker.stored.values()].sort((a, b) => a.seq - b.seq);
    let expected = 1;
    for (const m of stored) {
      if (m.seq !== expected) expect(m.type).toBe("chunk");
      expected = m.seq + 1;
    }
    expect(expected).toBe(complete.seq + 1);
    const text = stored.map((m) => (m.type === "chunk" ? m.data : "")).join("");
    expect(text).toBe(complete.fullResponse);
    expect(broker.batches.length).toBeGreaterThan(1);
    for (const batch of broker.batches) expect(batch.events.length).toBeLessThanOrEqual(3);
    expect(broker.stored.get(`${SESSION}/${complete.seq}`)).toMatchObject({ type: "complete" });
    expect(broker.unauthorized).toBe(0);
    expect(agent.reporter?.dropped).toBe(0);
  });

  it("never holds the stream back while the broker is failing, and reports busy until it catches up", async () => {
    const { broker, agent, base } = await setup();
    broker.failNext.push(...Array<number>(4).fill(503));
    const response = await fetch(`${base}/invocations`, {
      method: "POST",
      body: JSON.stringify({ prompt: "what is 2+2" }),
    });
    expect(await response.json()).toMatchObject({
      type: "complete",
      fullResponse: expect.stringContaining("= 4"),
    });
    expect(broker.stored.size).toBe(0);
    expect(((await (await fetch(`${base}/ping`)).json()) as { status: string }).status).toBe("HealthyBusy");
    await until(() => broker.failNext.length === 0 && agent.reporter?.busy === false, "reporter to catch up");
    expect(broker.stored.size).toBeGreaterThan(0);
  });

  it("bounds its queue, dropping the oldest events when the broker stays away", async () => {
    const broker = await startBroker();
    cleanup.push(() => new Promise((resolve) => broker.server.close(() => resolve())));
    broker.failNext.push(...Array<number>(1000).fill(503));
    const reporter = new IngestReporter({
      baseUrl: broker.url,
      token: TOKEN,
      batchEvents: 5,
      flushMs: 1,
      queueMax: 20,
      logger: createLogger("silent"),
      retryBaseMs: 1,
      retryMaxMs: 5,
    });
    // A turn per chunk, so that none coalesce.
    for (let seq = 1; seq <= 100; seq++)
      reporter.report(SESSION, { type: "chunk", seq, turnId: `t${seq}`, data: "x" });
    expect(reporter.pending).toBe(20);
    expect(reporter.dropped).toBe(80);
    broker.failNext.length = 0;
    await until(() => !reporter.busy, "queue to drain");
    expect([...broker.stored.values()].map((m) => m.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => 81 + i),
    );
    await reporter.stop();
  });

  it("drops the oldest waiting events on overflow, never the batch in flight (which a failure retries)", async () => {
    const broker = await startBroker();
    cleanup.push(() => new Promise((resolve) => broker.server.close(() => resolve())));
    broker.delayMs = 100;
    broker.failNext.push(503);
    const reporter = new IngestReporter({
      baseUrl: broker.url,
      token: TOKEN,
      batchEvents: 5,
      flushMs: 1,
      queueMax: 20,
      logger: createLogger("silent"),
      retryBaseMs: 1,
      retryMaxMs: 5,
    });
    const report = (seq: number) =>
      reporter.report(SESSION, { type: "chunk", seq, turnId: `t${seq}`, data: "x" });
    for (let seq = 1; seq <= 5; seq++) report(seq);
    await until(() => broker.attempts.length === 1, "the first batch in flight");
    for (let seq = 6; seq <= 105; seq++) report(seq);
    expect(reporter.dropped).toBe(85);
    await until(() => !reporter.busy, "queue to drain");
    expect([...broker.stored.values()].map((m) => m.seq).sort((a, b) => a - b)).toEqual([
      1,
      2,
      3,
      4,
      5,
      ...Array.from({ length: 15 }, (_, i) => 91 + i),
    ]);
    await reporter.stop();
  });
});

describe("coalescing chunks", () => {
  it("joins each session's consecutive chunks, never changes a batch in flight, and keeps other messages apart", async () => {
    const broker = await startBroker();
    cleanup.push(() => new Promise((resolve) => broker.server.close(() => resolve())));
    broker.failNext.push(503);
    const reporter = new IngestReporter({
      baseUrl: broker.url,
      token: TOKEN,
      batchEvents: 100,
      flushMs: 1,
      queueMax: 1000,
      logger: createLogger("silent"),
      retryBaseMs: 20,
      retryMaxMs: 20,
    });
    const other = `${SESSION}-other`;
    const chunk = (seq: number, data: string, turnId = "t1") => ({
      type: "chunk" as const,
      seq,
      turnId,
      data,
    });
    reporter.report(SESSION, { type: "turn", seq: 1, turnId: "t1", promptId: "p", prompt: "q", at: 1 });
    for (let seq = 2; seq <= 4; seq++) {
      reporter.report(SESSION, chunk(seq, `a${seq} `));
      reporter.report(other, chunk(seq, `b${seq} `));
    }
    await until(() => broker.attempts.length === 1, "the first (refused) attempt");
    // The refused batch is in flight until its retry: these must not join it.
    reporter.report(SESSION, chunk(5, "a5 "));
    reporter.report(SESSION, chunk(6, "a6 "));
    reporter.report(SESSION, {
      type: "trace",
      seq: 7,
      turnId: "t1",
      trace: { kind: "milestone", at: 1, text: "Thinking" },
    });
    reporter.report(SESSION, chunk(8, "a8 "));
    reporter.report(SESSION, chunk(10, "a10 ")); // not consecutive: kept apart
    reporter.report(other, chunk(5, "x", "t2")); // another turn: kept apart
    await until(() => !reporter.busy, "queue to drain");
    const [refused, retried] = broker.attempts.map((text) => JSON.parse(text) as IngestBatch);
    expect(retried?.events.slice(0, refused?.events.length)).toEqual(refused?.events);
    const bySeq = (sessionId: string) =>
      [...broker.stored.entries()]
        .filter(([key]) => key.startsWith(`${sessionId}/`))
        .map(([, m]) => m)
        .sort((a, b) => a.seq - b.seq)
        .map((m) => [m.seq, m.type, m.type === "chunk" ? m.data : ""]);
    expect(bySeq(SESSION)).toEqual([
      [1, "turn", ""],
      [4, "chunk", "a2 a3 a4 "],
      [6, "chunk", "a5 a6 "],
      [7, "trace", ""],
      [8, "chunk", "a8 "],
      [10, "chunk", "a10 "],
    ]);
    expect(bySeq(other)).toEqual([
      [4, "chunk", "b2 b3 b4 "],
      [5, "chunk", "x"],
    ]);
    await reporter.stop();
  });
});

describe("sending in rounds", () => {
  it("sends what waited at each flush in back-to-back batches, and lets chunks arriving meanwhile coalesce", async () => {
    const broker = await startBroker();
    cleanup.push(() => new Promise((resolve) => broker.server.close(() => resolve())));
    broker.delayMs = 5;
    const reporter = new IngestReporter({
      baseUrl: broker.url,
      token: TOKEN,
      batchEvents: 5,
      flushMs: 150,
      queueMax: 10_000,
      logger: createLogger("silent"),
    });
    // 20 sessions each streaming a chunk every 5 ms for about 600 ms: four rounds or five.
    const sessions = Array.from({ length: 20 }, (_, i) => `${SESSION}-${i}`);
    const seqs = new Map(sessions.map((s) => [s, 0]));
    const started = Date.now();
    while (Date.now() - started < 600) {
      for (const session of sessions) {
        const seq = (seqs.get(session) ?? 0) + 1;
        seqs.set(session, seq);
        reporter.report(session, { type: "chunk", seq, turnId: "t1", data: `${seq} ` });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await reporter.stop();
    // Each round is 20 events (one per session) in 4 batches of 5; a batch sent whenever 5 were waiting would
    // have meant a request every few milliseconds.
    expect(broker.batches.length).toBeLessThanOrEqual(4 * 7);
    expect(broker.batches.every((b) => b.events.length <= 5)).toBe(true);
    // Nothing lost: each session's stored chunks join into every chunk it streamed, in order.
    for (const session of sessions) {
      const stored = broker.batches
        .flatMap((b) => b.events)
        .filter((e) => e.sessionId === session)
        .map((e) => e.message);
      const text = stored.map((m) => (m.type === "chunk" ? m.data : "")).join("");
      const last = seqs.get(session) ?? 0;
      expect(text).toBe(Array.from({ length: last }, (_, i) => `${i + 1} `).join(""));
    }
  });
});

describe("restoring a session from the broker", () => {
  it("rebuilds the context and continues numbering after the broker's lastSeq", async () => {
    const { broker, wsBase } = await setup();
    // A busy broker's first answer is a 503: the history is asked for once more.
    broker.historyFailNext.push(503);
    broker.histories.set(SESSION, {
      sessionId: SESSION,
      lastSeq: 41,
      turns: [
        {
          turnId: "t1",
          prompt: "My name is Grace Hopper.",
          response: "Nice to meet you.",
          status: "complete",
        },
        {
          turnId: "t2",
          prompt: "Tell me about COBOL in detail",
          response: "COBOL is",
          status: "interrupted",
        },
      ],
    });
    const client = await TestClient.connect(wsBase, { sessionId: SESSION });
    expect(await client.waitFor("session")).toMatchObject({ resumed: true, lastSeq: 41, seq: 41 });
    client.send({ type: "resume", afterSeq: 30 });
    expect(await client.waitFor("error")).toMatchObject({ code: "resume_too_old" });
    client.send({ type: "prompt", id: "p1", text: "What is my name?" });
    const turn = await client.waitFor("turn");
    expect(turn.seq).toBe(42);
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toContain("Your name is Grace Hopper");
    expect(complete.fullResponse).toContain("You interrupted my previous answer");
    await until(() => broker.stored.has(`${SESSION}/${complete.seq}`), "reported");
    expect(Math.min(...[...broker.stored.values()].map((m) => m.seq))).toBe(42);
    client.close();

    const fresh = await TestClient.connect(wsBase, {
      sessionId: "reporting-session-unknown-to-the-broker-1",
    });
    expect(await fresh.waitFor("session")).toMatchObject({ resumed: false, lastSeq: 0 });
    fresh.close();
  });

  it("ends a turn the old process left streaming with an error, after the broker's lastSeq", async () => {
    const { broker, wsBase } = await setup();
    broker.histories.set(SESSION, {
      sessionId: SESSION,
      lastSeq: 12,
      turns: [{ turnId: "t3", prompt: "And Fortran?", response: "Fortran was", status: "streaming" }],
    });
    const client = await TestClient.connect(wsBase, { sessionId: SESSION });
    expect(await client.waitFor("session")).toMatchObject({ resumed: true, lastSeq: 13 });
    client.send({ type: "resume", afterSeq: 12 });
    expect(await client.waitFor("error")).toMatchObject({
      seq: 13,
      turnId: "t3",
      code: "internal",
      error: expect.stringContaining("restarted"),
    });
    await until(() => broker.stored.has(`${SESSION}/13`), "the error reported");
    client.send({ type: "prompt", id: "p1", text: "What did I ask before?" });
    const complete = await client.waitFor("complete");
    expect(complete.seq).toBeGreaterThan(13);
    expect(complete.fullResponse).toContain("And Fortran?");
    client.close();
  });

  it("tells a client that saw more than the broker stored that the cut-off turn ended, after its own seq", async () => {
    const { broker, wsBase } = await setup();
    broker.histories.set(SESSION, {
      sessionId: SESSION,
      lastSeq: 12,
      turns: [{ turnId: "t3", prompt: "And Fortran?", response: "Fortran was", status: "streaming" }],
    });
    const client = await TestClient.connect(wsBase, { sessionId: SESSION });
    await client.waitFor("session");
    // The old process had streamed up to seq 30 before it died; only 12 had reached the broker.
    client.send({ type: "resume", afterSeq: 30 });
    const ended = await client.waitFor("error");
    expect(ended).toMatchObject({ turnId: "t3", code: "internal", seq: 31 });
    expect(await client.waitFor("error", 2)).toMatchObject({ code: "resume_ahead" });
    client.close();
  });
});

describe("a stopped runtime session", () => {
  it("reports the answer it cut as revoked, closes the other sockets, and is rebuilt from the broker on reconnect", async () => {
    const { broker, agent, wsBase } = await setup({ AGENT_OFFLINE_DELAY_MS: "20" });
    // The broker answers history from what it has stored when asked (one turn, as the real broker keeps it).
    broker.historyOf = (sessionId) => {
      const stored = [...broker.stored.entries()]
        .filter(([key]) => key.startsWith(`${sessionId}/`))
        .map(([, m]) => m);
      const turn = stored.find((m) => m.type === "turn");
      if (!turn) return undefined;
      const ended = stored.find((m) => m.type === "interrupted");
      return {
        sessionId,
        lastSeq: Math.max(...stored.map((m) => m.seq)),
        turns: [
          {
            turnId: turn.turnId,
            prompt: turn.prompt,
            response: ended?.type === "interrupted" ? ended.partialResponse : "",
            status: ended ? "interrupted" : "streaming",
          },
        ],
      };
    };
    // Slow event batches: the revoked answer's last events are still on their way when the user reconnects.
    broker.delayMs = 300;
    const full = `${TRACE_LEVEL_PARAM}=full`;
    const runtime = await TestClient.connect(wsBase, { sessionId: SESSION, query: full });
    const other = await TestClient.connect(wsBase, { sessionId: SESSION, query: full });
    other.send({ type: "resume", afterSeq: 0 });
    runtime.send({ type: "prompt", id: "p1", text: "Explain in detail how interruption works" });
    await other.waitFor("chunk", 3);
    runtime.ws.close(SESSION_STOPPED_CLOSE_CODE, SESSION_STOPPED_CLOSE_REASON);

    const interrupted = await other.waitFor("interrupted");
    expect(interrupted).toMatchObject({ reason: "revoked" });
    const trace = other.of("trace").find((t) => t.trace.kind === "interruption");
    expect(trace?.trace).toMatchObject({ reason: "revoked" });
    expect(await other.waitClosed()).toEqual({
      code: SESSION_STOPPED_CLOSE_CODE,
      reason: SESSION_STOPPED_CLOSE_REASON,
    });
    expect(agent.store.size).toBe(0);

    // At once: the agent rebuilds the session only after the broker has its last events.
    const again = await TestClient.connect(wsBase, { sessionId: SESSION, query: full });
    const hello = await again.waitFor("session");
    expect(broker.stored.get(`${SESSION}/${interrupted.seq}`)).toEqual(interrupted);
    expect(broker.stored.get(`${SESSION}/${trace?.seq}`)).toEqual(trace);
    expect(hello).toMatchObject({ resumed: true, lastSeq: interrupted.seq, activeTurnId: null });
    again.send({ type: "resume", afterSeq: interrupted.seq });
    again.send({ type: "prompt", id: "p2", text: "What did I ask before?" });
    const complete = await again.waitFor("complete");
    expect(complete.fullResponse).toContain("You interrupted my previous answer");
    expect(complete.fullResponse).toContain("Explain in detail how interruption works");
    expect(again.of("error")).toEqual([]);
    expect(Math.min(...again.messages.filter((m) => m.type !== "session").map((m) => m.seq))).toBe(
      interrupted.seq + 1,
    );
    again.close();
  });
  it("a late echo of the stop, from a socket of the stopped session, leaves the session rebuilt since alone", async () => {
    const { agent, wsBase } = await setup();
    const full = `${TRACE_LEVEL_PARAM}=full`;
    const runtime = await TestClient.connect(wsBase, { sessionId: SESSION, query: full });
    await runtime.waitFor("session");
    // A second socket of the same session that answers the agent's close handshake only when told.
    const slow = await rawSocket(wsBase, SESSION);
    await until(() => agent.store.get(SESSION) !== undefined, "the session opened");
    runtime.ws.close(SESSION_STOPPED_CLOSE_CODE, SESSION_STOPPED_CLOSE_REASON);
    await until(() => agent.store.size === 0, "the stopped session dropped");

    // The user reconnects: a new session with the same id.
    const again = await TestClient.connect(wsBase, { sessionId: SESSION, query: full });
    await again.waitFor("session");
    const rebuilt = agent.store.get(SESSION);
    expect(rebuilt).toBeDefined();
    // Only now does the old socket echo the agent's "session stopped" close.
    slow.echoStop();
    await slow.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(agent.store.get(SESSION)).toBe(rebuilt);
    again.send({ type: "prompt", id: "p1", text: "Still there?" });
    expect(await again.waitFor("complete")).toMatchObject({ type: "complete" });
    again.close();
  });
});

/**
 * A WebSocket client written by hand on a TCP socket, so that it can hold back its reply to the agent's close
 * frame (the `ws` client replies at once): `echoStop` sends a client close frame with the stop code then.
 */
async function rawSocket(wsBase: string, sessionId: string) {
  const { hostname, port } = new URL(wsBase);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write(
    [
      "GET /ws HTTP/1.1",
      `Host: ${hostname}:${port}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      `${SESSION_ID_PARAM}: ${sessionId}`,
      "",
      "",
    ].join("\r\n"),
  );
  let received = "";
  socket.on("data", (data: Buffer) => {
    received += data.toString("latin1");
  });
  await until(() => received.startsWith("HTTP/1.1 101"), "the upgrade accepted");
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    closed,
    echoStop: () => {
      // FIN + close opcode; masked (as a client must) with a zero mask; the 2-byte payload is the code.
      const code = Buffer.alloc(2);
      code.writeUInt16BE(SESSION_STOPPED_CLOSE_CODE);
      socket.write(Buffer.concat([Buffer.from([0x88, 0x82, 0, 0, 0, 0]), code]));
    },
  };
}

/**
 * `pnpm bench`: the agent (offline model, delay 0) beside a raw `ws` echo server as the floor, each in its own
 * process. Prints time to first chunk, chunk throughput, interrupt-to-interrupted latency, ping round trip,
 * memory per idle connection at 1,000 connections, and 1,000 concurrent streaming sessions with lost,
 * duplicated and out-of-order chunk counts.
 */
import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { BenchClient, ms, percentile } from "./client.ts";
import { freePort, rssBytes, startProcess } from "./processes.ts";

const SESSION_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";
const FULL = "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full";
const DETAIL = "Explain in detail how interruption and traces work";
const SHORT = "How does resume work?";
/** Turns measured for first chunk and interruption; a p99 over 1,000 is the 10th largest, not one GC pause. */
const ITERATIONS = 1000;
/** Turns run first and not measured, as the ping's first 100 round trips are not (JIT, caches). */
const WARM_UP = 50;
const IDLE_CONNECTIONS = 1000;
/** The interrupted agent's model: milliseconds between words (100 a second, under the outbound pacing). */
const WRITING_DELAY_MS = 10;
/** Both agents: the offline model; every model token its own frame (the heaviest case for the agent; the
 * default paces chunks); the inbound rate limit lifted; no broker. */
const agentEnv = {
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
  AGENT_MODEL: "offline",
  AGENT_OFFLINE_DELAY_MS: "0",
  AGENT_CHUNK_INTERVAL_MS: "0",
  AGENT_INBOUND_RATE_PER_SECOND: "100000",
  AGENT_INBOUND_BURST: "100000",
  BROKER_INGEST_URL: "",
  BROKER_INGEST_TOKEN: "",
};
const STREAMS = 1000;

const sessionId = (tag: string, i: number) =>
  `bench-${tag}-${String(i).padStart(6, "0")}-000000000000000000000`;
const rows: Array<[string, string, string]> = [];
const row = (name: string, agent: string, floor = "") => {
  rows.push([name, agent, floor]);
  console.log(`  ${name.padEnd(46)} ${agent.padEnd(28)} ${floor}`);
};
const f = (n: number, digits = 2) => n.toFixed(digits);

type Ping = (c: BenchClient, i: number) => Promise<void>;

/**
 * Ping round trips to the agent and to the echo server, measured fairly: both warm up first (100 each), then
 * they take turns in blocks of 100, so neither gets a colder client, JIT or machine than the other.
 */
async function pingRtts(
  agentUrl: string,
  agentPing: Ping,
  echoUrl: string,
  echoPing: Ping,
): Promise<{ agent: number[]; echo: number[] }> {
  const agent = await BenchClient.connect(agentUrl);
  const echo = await BenchClient.connect(echoUrl);
  const times = { agent: [] as number[], echo: [] as number[] };
  let i = 0;
  const block = async (client: BenchClient, ping: Ping, into: number[] | null) => {
    for (let n = 0; n < 100; n++, i++) {
      const start = process.hrtime.bigint();
      await ping(client, i);
      into?.push(ms(process.hrtime.bigint() - start));
    }
  };
  await block(agent, agentPing, null);
  await block(echo, echoPing, null);
  for (let round = 0; round < 10; round++) {
    await block(agent, agentPing, times.agent);
    await block(echo, echoPing, times.echo);
  }
  agent.close();
  echo.close();
  return times;
}

async function idleMemory(
  pid: number | undefined,
  url: (i: number) => string,
  hello: boolean,
): Promise<number> {
  await sleep(300);
  const before = rssBytes(pid);
  const clients: BenchClient[] = [];
  for (let i = 0; i < IDLE_CONNECTIONS; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, async (_, j) => {
        const client = await BenchClient.connect(url(i + j), { [SESSION_HEADER]: sessionId("idle", i + j) });
        if (hello) await client.hello;
        return client;
      }),
    );
    clients.push(...batch);
  }
  await sleep(500);
  const after = rssBytes(pid);
  for (const client of clients) client.close();
  await sleep(300);
  return (after - before) / IDLE_CONNECTIONS;
}

async function streams(base: string): Promise<void> {
  const clients = await Promise.all(
    Array.from({ length: STREAMS }, (_, i) =>
      BenchClient.connect(`${base}/ws?${FULL}`, { [SESSION_HEADER]: sessionId("stream", i) }),
    ),
  );
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  let chunks = 0;
  let mismatched = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (client) => {
      const seen = new Set<number>();
      let last = 0;
      let text = "";
      client.onMessage = (m) => {
        if (m.type === "session" || m.type === "pong") return;
        const seq = Number(m.seq);
        if (seen.has(seq)) duplicated++;
        else if (seq < last) outOfOrder++;
        seen.add(seq);
        last = Math.max(last, seq);
        if (m.type === "chunk") {
          chunks++;
          text += String(m.data);
        }
      };
      const complete = client.next((m) => m.type === "complete");
      client.send({ type: "prompt", id: "p", text: SHORT });
      const done = await complete;
      // Every seq from 1 to the last must have arrived: at full trace level nothing is withheld.
      for (let s = 1; s <= Number(done.seq); s++) if (!seen.has(s)) lost++;
      if (text !== done.fullResponse) mismatched++;
      client.close();
    }),
  );
  const seconds = ms(process.hrtime.bigint() - start) / 1000;
  row(`${STREAMS} concurrent streaming sessions`, `${f(seconds)} s, ${chunks} chunks`, "");
  row("  chunks lost / duplicated / out of order", `${lost} / ${duplicated} / ${outOfOrder}`, "");
  row("  answers whose chunks != fullResponse", String(mismatched), "");
  row("  aggregate chunk throughput", `${f(chunks / seconds, 0)} chunks/s`, "");
}

async function main(): Promise<void> {
  const began = Date.now();
  const agentPort = await freePort();
  const echoPort = await freePort();
  const writingPort = await freePort();
  const children: ChildProcess[] = [];
  try {
    const agent = await startProcess(
      "src/main.ts",
      { ...agentEnv, PORT: String(agentPort) },
      `http://127.0.0.1:${agentPort}/ping`,
    );
    children.push(agent);
    const echo = await startProcess("bench/echo-server.ts", { PORT: String(echoPort) }, "listening");
    children.push(echo);
    const base = `ws://127.0.0.1:${agentPort}`;
    const echoUrl = `ws://127.0.0.1:${echoPort}`;
    console.log(`agent bench: offline model, delay 0, node ${process.version}; floor = raw ws echo server\n`);
    console.log(`  ${"measure".padEnd(46)} ${"agent".padEnd(28)} raw ws echo (floor)`);

    // Ping round trip, agent vs echo.
    const { agent: agentPing, echo: echoPing } = await pingRtts(
      `${base}/ws`,
      async (c, i) => {
        const pong = c.next((m) => m.type === "pong" && m.nonce === String(i));
        c.send({ type: "ping", nonce: String(i) });
        await pong;
      },
      echoUrl,
      async (c, i) => {
        const back = c.next((m) => m.nonce === String(i));
        c.send({ type: "ping", nonce: String(i) });
        await back;
      },
    );
    row(
      "ping -> pong round trip p50 / p99 (ms)",
      `${f(percentile(agentPing, 50), 3)} / ${f(percentile(agentPing, 99), 3)}`,
      `${f(percentile(echoPing, 50), 3)} / ${f(percentile(echoPing, 99), 3)}`,
    );

    // Time to first chunk, throughput and interruption on one connection, one session.
    const client = await BenchClient.connect(`${base}/ws`, { [SESSION_HEADER]: sessionId("single", 0) });
    await client.hello;
    const firstChunk: number[] = [];
    const interrupt: number[] = [];
    for (let i = 0; i < WARM_UP + ITERATIONS; i++) {
      const chunk = client.next((m) => m.type === "chunk");
      const complete = client.next((m) => m.type === "complete");
      const start = process.hrtime.bigint();
      client.send({ type: "prompt", id: `t${i}`, text: SHORT });
      await chunk;
      if (i >= WARM_UP) firstChunk.push(ms(process.hrtime.bigint() - start));
      await complete;
    }
    row(
      "prompt -> first chunk p50 / p99 (ms)",
      `${f(percentile(firstChunk, 50), 3)} / ${f(percentile(firstChunk, 99), 3)}`,
      `(echo RTT ${f(percentile(echoPing, 50), 3)})`,
    );

    let streamed = 0;
    client.onMessage = (m) => {
      if (m.type === "chunk") streamed++;
    };
    const longStart = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) {
      const complete = client.next((m) => m.type === "complete");
      client.send({ type: "prompt", id: `l${i}`, text: DETAIL });
      await complete;
    }
    const longSeconds = ms(process.hrtime.bigint() - longStart) / 1000;
    row("chunk throughput, one session", `${f(streamed / longSeconds, 0)} chunks/s`, "");
    client.onMessage = null;
    client.close();

    // Interruption needs an answer still being written when the interrupt arrives. With no model delay the
    // whole answer is written at once and only waits in the agent's outbound pacing (AgentCore's frame
    // rate), so every turn would end `complete` after draining. A second agent writes 100 words a second
    // (under the pacing rate, so nothing queues) and is interrupted after its first chunk.
    const writing = await startProcess(
      "src/main.ts",
      {
        ...agentEnv,
        PORT: String(writingPort),
        AGENT_OFFLINE_DELAY_MS: String(WRITING_DELAY_MS),
      },
      `http://127.0.0.1:${writingPort}/ping`,
    );
    children.push(writing);
    const interruptClient = await BenchClient.connect(`ws://127.0.0.1:${writingPort}/ws`, {
      [SESSION_HEADER]: sessionId("interrupt", 0),
    });
    await interruptClient.hello;
    let finishedFirst = 0;
    for (let i = 0; i < WARM_UP + ITERATIONS; i++) {
      const chunk = interruptClient.next((m) => m.type === "chunk");
      const ended = interruptClient.next((m) => m.type === "interrupted" || m.type === "complete");
      interruptClient.send({ type: "prompt", id: `i${i}`, text: DETAIL });
      await chunk;
      const start = process.hrtime.bigint();
      interruptClient.send({ type: "interrupt" });
      const end = await ended;
      if (end.type === "complete") finishedFirst++;
      else if (i >= WARM_UP) interrupt.push(ms(process.hrtime.bigint() - start));
    }
    row(
      "interrupt -> interrupted p50 / p99 (ms)",
      `${f(percentile(interrupt, 50), 3)} / ${f(percentile(interrupt, 99), 3)}`,
      `(model writing ${1000 / WRITING_DELAY_MS} words/s${finishedFirst > 0 ? `; ${finishedFirst} answers finished first` : ""})`,
    );
    interruptClient.close();

    // Memory per idle connection (each its own session, hello received).
    const agentIdle = await idleMemory(agent.pid, () => `${base}/ws`, true);
    const echoIdle = await idleMemory(echo.pid, () => echoUrl, false);
    row(`RSS per idle connection at ${IDLE_CONNECTIONS} (KB)`, f(agentIdle / 1024, 1), f(echoIdle / 1024, 1));

    await streams(base);
    row(
      "agent RSS after the run (MB)",
      f(rssBytes(agent.pid) / 1024 / 1024, 1),
      f(rssBytes(echo.pid) / 1024 / 1024, 1),
    );
    console.log(`\nbench took ${f((Date.now() - began) / 1000, 1)} s`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
  }
}

await main();

/**
 * `pnpm bench:load`: many simulated users against the real stack (started here through scripts/start.mjs
 * on bench ports). Each user signs in, creates a conversation, gets a presigned URL from the broker,
 * connects through the local AgentCore runtime to the agent and asks a question; some interrupt their answer,
 * some drop their socket mid-answer and reconnect with a fresh URL and `resume`. It prints time to first
 * chunk, interrupt latency, lost and duplicated chunks, errors, and memory per connection of each process.
 *
 *   LOAD_USERS (default 1000)   simulated users, all streaming at once
 *   LOAD_INTERRUPT_SHARE (0.1)  share of users who press Stop mid-answer
 *   LOAD_RECONNECT_SHARE (0.1)  share of users whose socket drops mid-answer
 */
import { readFileSync } from "node:fs";
import { type AgentMessage, parseAgentMessage } from "@interject/protocol";
import WebSocket from "ws";
import { BrokerApi } from "../fixtures/api.ts";
import { launchStack } from "../fixtures/launch.ts";

const users = Number(process.env.LOAD_USERS ?? 1000);
const interruptShare = Number(process.env.LOAD_INTERRUPT_SHARE ?? 0.1);
const reconnectShare = Number(process.env.LOAD_RECONNECT_SHARE ?? 0.1);
const admin = { email: "admin@load.interject.test", password: "load admin passphrase, long enough" };
const userPassword = "load user passphrase, long enough";

interface Outcome {
  firstChunkMs: number | null;
  interruptMs: number | null;
  lost: number;
  duplicated: number;
  errors: string[];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Number(line?.replace(/\D+/g, "") ?? Number.NaN);
}

async function pool<T>(
  items: T[],
  size: number,
  run: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await run(items[index] as T, index);
      }
    }),
  );
}

/** One socket to the runtime; resolves the `session` hello. */
function open(url: string, onMessage: (m: AgentMessage) => void): Promise<WebSocket> {
  return new Promise((resolveOpen, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once("unexpected-response", (_req, res) =>
      reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)),
    );
    socket.once("error", reject);
    // The runtime may accept the upgrade and then close (the agent could not open the session).
    socket.once("close", (code) => reject(new Error(`closed with ${code} before the session hello`)));
    socket.on("message", (data) => {
      const parsed = parseAgentMessage(data.toString());
      if (!parsed.ok) return;
      if (parsed.value.type === "session") resolveOpen(socket);
      onMessage(parsed.value);
    });
  });
}

interface SimUser {
  api: BrokerApi;
  conversationId: string;
  mode: "plain" | "interrupt" | "reconnect";
}

async function converse(
  user: SimUser,
  start: Promise<void>,
  opened: () => void = () => {},
): Promise<Outcome> {
  const outcome: Outcome = { firstChunkMs: null, interruptMs: null, lost: 0, duplicated: 0, errors: [] };
  const seen = new Set<number>();
  let lastSeq = 0;
  let text = "";
  let chunks = 0;
  let finished: (final: string) => void = () => {};
  const done = new Promise<string>((r) => {
    finished = r;
  });
  let sentAt = 0;
  let interruptAt = 0;
  let socket: WebSocket;
  const onMessage = (m: AgentMessage) => {
    if (m.type === "session" || m.type === "pong") return;
    if (m.type === "error" && !m.turnId) {
      outcome.errors.push(m.code);
      return;
    }
    if (seen.has(m.seq)) {
      outcome.duplicated++;
      return;
    }
    seen.add(m.seq);
    lastSeq = Math.max(lastSeq, m.seq);
    if (m.type === "chunk") {
      chunks++;
      if (outcome.firstChunkMs === null) outcome.firstChunkMs = performance.now() - sentAt;
      text += m.data;
      if (user.mode === "interrupt" && chunks === 5) {
        interruptAt = performance.now();
        socket.send(JSON.stringify({ type: "interrupt" }));
      }
      if (user.mode === "reconnect" && chunks === 5) {
        user.mode = "plain";
        socket.terminate();
        void reconnect();
      }
    } else if (m.type === "complete") {
      finished(m.fullResponse);
    } else if (m.type === "interrupted") {
      outcome.interruptMs = performance.now() - interruptAt;
      finished(m.partialResponse);
    } else if (m.type === "error") {
      outcome.errors.push(m.code);
      finished(text);
    }
  };
  const reconnect = async () => {
    try {
      const { url } = await user.api.connection(user.conversationId);
      socket = await open(url, onMessage);
      socket.send(JSON.stringify({ type: "resume", afterSeq: lastSeq }));
    } catch (error) {
      outcome.errors.push(`reconnect: ${(error as Error).message}`);
      finished(text);
    }
  };
  try {
    const { url } = await user.api.connection(user.conversationId);
    socket = await open(url, onMessage);
  } catch (error) {
    outcome.errors.push(`connect: ${(error as Error).message}`);
    opened();
    await start;
    return outcome;
  }
  socket.send(JSON.stringify({ type: "resume", afterSeq: 0 }));
  opened();
  await start;
  sentAt = performance.now();
  socket.send(
    JSON.stringify({
      type: "prompt",
      id: `p-${user.conversationId}`,
      text: "Explain in detail how Interject streams and interrupts answers.",
    }),
  );
  const timeout = setTimeout(() => finished("\u0000timeout"), 120_000);
  const final = await done;
  clearTimeout(timeout);
  if (final === "\u0000timeout") outcome.errors.push("timeout");
  else if (final !== text) {
    // What the agent says it sent versus what arrived: a shorter text lost chunks, a longer one repeated them.
    if (text.length < final.length) outcome.lost++;
    else outcome.duplicated++;
  }
  socket.close(1000);
  return outcome;
}

const stack = await launchStack({
  brokerPort: 3200,
  runtimePort: 8990,
  agentPort: 8280,
  quiet: process.env.LOAD_VERBOSE !== "1",
  env: {
    INTERJECT_ADMIN_EMAIL: admin.email,
    INTERJECT_ADMIN_PASSWORD: admin.password,
    AGENT_OFFLINE_DELAY_MS: process.env.AGENT_OFFLINE_DELAY_MS ?? "20",
    LOG_LEVEL: "warn",
  },
});

try {
  const adminApi = new BrokerApi(stack.publicUrl);
  await adminApi.login(admin.email, admin.password);
  const pids = {
    agent: await stack.pid("agent"),
    runtime: await stack.pid("runtime"),
    broker: await stack.pid("broker"),
  };
  const sims: SimUser[] = [];
  const setupStart = performance.now();
  await pool(
    Array.from({ length: users }, (_, i) => i),
    8,
    async (i) => {
      const email = `load-${i}@load.interject.test`;
      await adminApi.createUser({ email, password: userPassword, role: "user" });
      const api = new BrokerApi(stack.publicUrl);
      await api.login(email, userPassword);
      const { id } = await api.createConversation(`load ${i}`);
      const mode =
        i < users * interruptShare
          ? "interrupt"
          : i < users * (interruptShare + reconnectShare)
            ? "reconnect"
            : "plain";
      sims.push({ api, conversationId: id, mode });
    },
  );
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, rssKiB(pid)]));
  let release: () => void = () => {};
  const start = new Promise<void>((r) => {
    release = r;
  });
  // Sockets open 50 at a time (a thousand browsers do not all press Enter in the same millisecond), then
  // every user asks at once.
  const runs: Promise<Outcome>[] = [];
  await pool(sims, 50, async (sim) => {
    let opened: () => void = () => {};
    const ready = new Promise<void>((r) => {
      opened = r;
    });
    runs.push(converse(sim, start, opened).finally(() => opened()));
    await ready;
  });
  await new Promise((r) => setTimeout(r, 1000));
  const during = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, rssKiB(pid)]));
  release();
  const outcomes = await Promise.all(runs);

  const firstChunk = outcomes.flatMap((o) => (o.firstChunkMs === null ? [] : [o.firstChunkMs]));
  const interrupts = outcomes.flatMap((o) => (o.interruptMs === null ? [] : [o.interruptMs]));
  const errors = outcomes.flatMap((o) => o.errors);
  const row = (name: string, value: string) => console.log(`${name.padEnd(44)} ${value}`);
  console.log(
    `\nInterject load benchmark: ${users} concurrent streaming users (setup ${setupSeconds.toFixed(1)} s)\n`,
  );
  row(
    "time to first chunk p50 / p99 (ms)",
    `${percentile(firstChunk, 50).toFixed(1)} / ${percentile(firstChunk, 99).toFixed(1)}`,
  );
  row(
    "interrupt to interrupted p50 / p99 (ms)",
    `${percentile(interrupts, 50).toFixed(1)} / ${percentile(interrupts, 99).toFixed(1)}`,
  );
  row("answers with lost chunks", String(outcomes.reduce((n, o) => n + o.lost, 0)));
  row("duplicated chunks", String(outcomes.reduce((n, o) => n + o.duplicated, 0)));
  row(
    "errors",
    `${errors.length}${errors.length ? ` (${[...new Set(errors)].slice(0, 5).join(", ")})` : ""}`,
  );
  for (const name of Object.keys(pids) as (keyof typeof pids)[]) {
    const perConnection = ((during[name] ?? 0) - (before[name] ?? 0)) / users;
    row(`memory per connection, ${name} (KiB)`, perConnection.toFixed(1));
  }
  console.log("\ntargets: p99 first chunk < 100 ms, zero lost or duplicated chunks");
} finally {
  await stack.stop();
}

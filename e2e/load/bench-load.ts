/**
 * `pnpm bench:load`: many simulated users against the real stack (started here through scripts/start.mjs
 * on bench ports). Each user signs in, creates a conversation, gets a presigned URL from the broker,
 * connects through the local AgentCore runtime to the agent and asks a question; some interrupt their answer,
 * some drop their socket mid-answer and reconnect with a fresh URL and `resume`. It prints time to first
 * chunk, interrupt latency, lost and duplicated chunks, errors, and memory per connection of each process.
 *
 *   LOAD_USERS (default 1000)   simulated users, all connected at once
 *   LOAD_RAMP_MS (5000)         the prompts are spread evenly over this window, as people press Enter at
 *                               different moments; answers outlast it, so all of them stream at once at the
 *                               peak (printed). 0 sends every prompt in the same millisecond.
 *   LOAD_INTERRUPT_SHARE (0.1)  share of users who press Stop mid-answer
 *   LOAD_RECONNECT_SHARE (0.1)  share of users whose socket drops mid-answer
 *   LOAD_LOG_LEVEL (warn)       the stack's log level; LOAD_VERBOSE=1 shows its logs
 *   AGENT_OFFLINE_DELAY_MS      the offline model's pace per word (the agent's default, 35 ms, if unset)
 */
import { readFileSync } from "node:fs";
import type { AgentMessage } from "@interject/protocol";
import WebSocket from "ws";
import { BrokerApi } from "../fixtures/api.ts";
import { launchStack } from "../fixtures/launch.ts";

const users = Number(process.env.LOAD_USERS ?? 1000);
const rampMs = Number(process.env.LOAD_RAMP_MS ?? 5000);
const interruptShare = Number(process.env.LOAD_INTERRUPT_SHARE ?? 0.1);
const reconnectShare = Number(process.env.LOAD_RECONNECT_SHARE ?? 0.1);
const admin = { email: "admin@load.interject.test", password: "load admin passphrase, long enough" };
const userPassword = "load user passphrase, long enough";

interface Outcome {
  firstChunkMs: number | null;
  /** From sending the prompt to the agent starting its turn (the `turn` message's clock, same machine). */
  turnStartMs: number | null;
  /** When the first chunk and the end arrived (performance.now()), for the concurrency count. */
  streamingFrom: number | null;
  streamingTo: number | null;
  interruptMs: number | null;
  lost: number;
  duplicated: number;
  connectRetries: number;
  errors: string[];
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** User plus system CPU time of a process, in seconds (from /proc; clock ticks are 100 a second on Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The machine's CPU time so far, in clock ticks: all of it, what the hypervisor took for other guests
 * (steal), and what every process here used (user, nice, system, irq, softirq).
 */
function machineCpu(): { total: number; steal: number; busy: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return {
    total: fields.slice(0, 8).reduce((a, b) => a + b, 0),
    steal,
    busy: user + nice + system + irq + softirq,
  };
}

/** The most answers streaming at the same moment. */
function peakConcurrency(outcomes: Outcome[]): number {
  const edges = outcomes.flatMap((o) =>
    o.streamingFrom === null || o.streamingTo === null
      ? []
      : [
          [o.streamingFrom, 1],
          [o.streamingTo, -1],
        ],
  );
  edges.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let now = 0;
  let peak = 0;
  for (const [, step] of edges) {
    now += step as number;
    peak = Math.max(peak, now);
  }
  return peak;
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

/** A frame from the agent; one without a string type and a numeric seq is counted as an `invalid_message` error. */
function parseFrame(text: string): AgentMessage {
  try {
    const value = JSON.parse(text) as AgentMessage;
    if (typeof value?.type === "string" && typeof value.seq === "number") return value;
  } catch {
    // reported below
  }
  return { type: "error", seq: 0, code: "invalid_message", error: "malformed frame", retryable: false };
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
      // The simulated browsers share this machine's two cores with the product, where real ones would not:
      // a plain JSON.parse and a shape check keep their cost small (the protocol's schemas are tested
      // elsewhere). A frame that fails the check is counted as an error.
      const message = parseFrame(data.toString());
      if (message.type === "session") resolveOpen(socket);
      onMessage(message);
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
  delayMs = 0,
): Promise<Outcome> {
  const outcome: Outcome = {
    firstChunkMs: null,
    turnStartMs: null,
    streamingFrom: null,
    streamingTo: null,
    interruptMs: null,
    lost: 0,
    duplicated: 0,
    connectRetries: 0,
    errors: [],
  };
  const seen = new Set<number>();
  let lastSeq = 0;
  let text = "";
  let chunks = 0;
  let finished: (final: string) => void = () => {};
  const done = new Promise<string>((r) => {
    finished = r;
  });
  let sentAt = 0;
  let sentAtWall = 0;
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
    if (m.type === "turn" && outcome.turnStartMs === null) outcome.turnStartMs = m.at - sentAtWall;
    if (m.type === "chunk") {
      chunks++;
      if (outcome.firstChunkMs === null) {
        outcome.streamingFrom = performance.now();
        outcome.firstChunkMs = outcome.streamingFrom - sentAt;
      }
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
  // As the browser's client does: a socket refused or closed before the hello is tried again with a fresh
  // URL, a little later (counted apart from errors); three failures in a row are an error.
  for (let attempt = 1; ; attempt++) {
    try {
      const { url } = await user.api.connection(user.conversationId);
      socket = await open(url, onMessage);
      break;
    } catch (error) {
      if (attempt < 3) {
        outcome.connectRetries++;
        await new Promise((r) => setTimeout(r, 250 * attempt));
        continue;
      }
      outcome.errors.push(`connect: ${(error as Error).message}`);
      opened();
      await start;
      return outcome;
    }
  }
  socket.send(JSON.stringify({ type: "resume", afterSeq: 0 }));
  opened();
  await start;
  if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  sentAt = performance.now();
  sentAtWall = Date.now();
  socket.send(
    JSON.stringify({
      type: "prompt",
      id: `p-${user.conversationId}`,
      text: "Explain in detail how Interject streams and interrupts answers.",
    }),
  );
  const timeout = setTimeout(() => finished("\u0000timeout"), 120_000);
  const final = await done;
  outcome.streamingTo = performance.now();
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
    ...(process.env.AGENT_OFFLINE_DELAY_MS
      ? { AGENT_OFFLINE_DELAY_MS: process.env.AGENT_OFFLINE_DELAY_MS }
      : {}),
    LOG_LEVEL: process.env.LOAD_LOG_LEVEL ?? "warn",
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
  // Sockets open 50 at a time; once all are open, the prompts go out spread over the ramp.
  const runs: Promise<Outcome>[] = [];
  const connectStart = performance.now();
  await pool(sims, 50, async (sim) => {
    let opened: () => void = () => {};
    const ready = new Promise<void>((r) => {
      opened = r;
    });
    const delay = users > 1 ? (rampMs * runs.length) / (users - 1) : 0;
    runs.push(converse(sim, start, opened, delay).finally(() => opened()));
    await ready;
  });
  const connectSeconds = (performance.now() - connectStart) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  const during = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, rssKiB(pid)]));
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const clientCpuBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const streamStart = performance.now();
  release();
  const outcomes = await Promise.all(runs);
  const streamSeconds = (performance.now() - streamStart) / 1000;
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const machineAfter = machineCpu();
  const stealShare =
    (machineAfter.steal - machineBefore.steal) / Math.max(1, machineAfter.total - machineBefore.total);
  const cpuUsed = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid) - (cpuBefore[k] ?? 0)]),
  );

  const firstChunk = outcomes.flatMap((o) => (o.firstChunkMs === null ? [] : [o.firstChunkMs]));
  const turnStarts = outcomes.flatMap((o) => (o.turnStartMs === null ? [] : [o.turnStartMs]));
  const interrupts = outcomes.flatMap((o) => (o.interruptMs === null ? [] : [o.interruptMs]));
  const errors = outcomes.flatMap((o) => o.errors);
  const row = (name: string, value: string) => console.log(`${name.padEnd(44)} ${value}`);
  const answerSeconds = outcomes.flatMap((o) =>
    o.streamingFrom === null || o.streamingTo === null ? [] : [(o.streamingTo - o.streamingFrom) / 1000],
  );
  console.log(
    `\nInterject load benchmark: ${users} users, prompts spread over ${rampMs} ms ` +
      `(setup ${setupSeconds.toFixed(1)} s, sockets opened in ${connectSeconds.toFixed(1)} s)\n`,
  );
  row("peak answers streaming at once", String(peakConcurrency(outcomes)));
  row("answer streaming time p50 (s)", percentile(answerSeconds, 50).toFixed(1));
  row(
    "time to first chunk p50 / p99 (ms)",
    `${percentile(firstChunk, 50).toFixed(1)} / ${percentile(firstChunk, 99).toFixed(1)}`,
  );
  row(
    "  of which prompt to the agent's turn p50 / p99",
    `${percentile(turnStarts, 50).toFixed(0)} / ${percentile(turnStarts, 99).toFixed(0)}`,
  );
  row(
    "interrupt to interrupted p50 / p99 (ms)",
    `${percentile(interrupts, 50).toFixed(1)} / ${percentile(interrupts, 99).toFixed(1)}`,
  );
  row("answers with lost chunks", String(outcomes.reduce((n, o) => n + o.lost, 0)));
  row("duplicated chunks", String(outcomes.reduce((n, o) => n + o.duplicated, 0)));
  row("connections retried before the hello", String(outcomes.reduce((n, o) => n + o.connectRetries, 0)));
  row(
    "errors",
    `${errors.length}${errors.length ? ` (${[...new Set(errors)].slice(0, 5).join(", ")})` : ""}`,
  );
  for (const name of Object.keys(pids) as (keyof typeof pids)[]) {
    const perConnection = ((during[name] ?? 0) - (before[name] ?? 0)) / users;
    row(`memory per connection, ${name} (KiB)`, perConnection.toFixed(1));
  }
  for (const name of Object.keys(pids) as (keyof typeof pids)[]) {
    row(
      `CPU while streaming, ${name} (% of one core)`,
      ((100 * (cpuUsed[name] ?? 0)) / streamSeconds).toFixed(0),
    );
  }
  row(
    "CPU while streaming, load generator (%)",
    ((100 * (clientCpu.user + clientCpu.system)) / 1e6 / streamSeconds).toFixed(0),
  );
  // On a shared virtual machine the host may take CPU from this one; figures from a run with much steal
  // understate the product.
  row("CPU taken by the host while streaming (steal, %)", (100 * stealShare).toFixed(0));
  // Anything else running here (a build, another test) competes for the same two cores: figures from a run
  // where this is large understate the product too. It includes interrupt time the kernel spends
  // delivering the stack's own loopback traffic, so it is never quite zero.
  const ours = Object.values(cpuUsed).reduce((a, b) => a + b, 0) + (clientCpu.user + clientCpu.system) / 1e6;
  const busySeconds = (machineAfter.busy - machineBefore.busy) / 100;
  row(
    "CPU used outside the stack while streaming (% of one core)",
    Math.max(0, (100 * (busySeconds - ours)) / streamSeconds).toFixed(0),
  );
  console.log("\ntargets: p99 first chunk < 100 ms, zero lost or duplicated chunks");
} finally {
  await stack.stop();
}

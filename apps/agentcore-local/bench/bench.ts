/**
 * `pnpm bench`: what the proxy costs. The test upstream (an AgentCore-contract server) and agentcore-local run
 * as separate processes; this process is the client. Measured directly against the upstream and through the
 * proxy, interleaved over several rounds (best round reported, the machine is shared): chunk throughput of a
 * streamed answer, and p50/p99 round-trip latency of small echoed frames (paced under AgentCore's 250 frames
 * a second per connection, which the proxy enforces).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import {
  createAgentCorePresigner,
  LOCAL_RUNTIME,
  WEBSOCKET_MAX_FRAMES_PER_SECOND,
} from "@interject/agentcore-sigv4";
import WebSocket from "ws";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 20_000);
const CHUNK_BYTES = Number(process.env.BENCH_CHUNK_BYTES ?? 1000);
const PINGS = Number(process.env.BENCH_PINGS ?? 1000);
const KEY = {
  accessKeyId: "AKIAIOSFODNN7BENCHMRK",
  secretAccessKey: "bench/secret/key+0123456789abcdefghijklm",
};
const SID = "bench-session-0000000000000000000000000001";

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

function run(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [tsxCli, script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let hello = false;
    ws.on("message", () => {
      if (!hello) {
        hello = true;
        resolve(ws);
      }
    });
    ws.once("error", reject);
    ws.once("unexpected-response", (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

async function throughput(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    let start = 0;
    let n = 0;
    const onMessage = (data: WebSocket.RawData) => {
      if ((data as Buffer).length === 10 && data.toString() === "stream-end") {
        ws.off("message", onMessage);
        resolve(n / ((performance.now() - start) / 1000));
      } else n++;
    };
    ws.on("message", onMessage);
    start = performance.now();
    ws.send(`stream:${CHUNKS}:${CHUNK_BYTES}`);
  });
}

/** One echo every PING_GAP_MS at most: AgentCore (and so the proxy) closes a client over 250 frames a second. */
const PING_GAP_MS = 1000 / (WEBSOCKET_MAX_FRAMES_PER_SECOND * 0.8);

async function latencies(ws: WebSocket, count: number): Promise<number[]> {
  const out: number[] = [];
  const payload = "p".repeat(64);
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await new Promise<void>((r) => {
      ws.once("message", () => r());
      ws.send(payload);
    });
    const took = performance.now() - t;
    out.push(took);
    if (took < PING_GAP_MS) await new Promise((r) => setTimeout(r, PING_GAP_MS - took));
  }
  return out;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

const upstreamPort = await freePort();
const planePort = await freePort();
const children = [
  run(here("../src/testing/upstream-main.ts"), { PORT: String(upstreamPort) }),
  run(here("../src/main.ts"), {
    PORT: String(planePort),
    AGENT_URL: `http://127.0.0.1:${upstreamPort}`,
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    LOG_LEVEL: "warn",
    ...(process.env.BENCH_PROFILE_DIR
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` }
      : {}),
  }),
];
try {
  await waitFor(`http://127.0.0.1:${upstreamPort}/ping`);
  await waitFor(`http://127.0.0.1:${planePort}/ping`);
  const presigner = createAgentCorePresigner({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${planePort}`,
    credentials: KEY,
  });
  const proxiedUrl = async () =>
    (await presigner.presignWebSocketUrl({ runtimeArn: LOCAL_RUNTIME.arn, sessionId: SID, expiresIn: 300 }))
      .url;
  const direct = await open(`ws://127.0.0.1:${upstreamPort}/ws`);
  const proxied = await open(await proxiedUrl());

  await throughput(direct);
  await throughput(proxied);
  await latencies(direct, 200);
  await latencies(proxied, 200);
  let tDirect = 0;
  let tProxy = 0;
  const lDirect: number[] = [];
  const lProxy: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    tDirect = Math.max(tDirect, await throughput(direct));
    tProxy = Math.max(tProxy, await throughput(proxied));
    // Alternate small blocks so both paths see the same machine load.
    for (let b = 0; b < PINGS / 100; b++) {
      lDirect.push(...(await latencies(direct, 50)));
      lProxy.push(...(await latencies(proxied, 50)));
    }
  }
  direct.close();
  proxied.close();

  const f = (n: number, d = 0) =>
    n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  const mb = (chunks: number) => (chunks * CHUNK_BYTES) / 1e6;
  console.log(
    `\nagentcore-local proxy bench: ${ROUNDS} rounds, ${f(CHUNKS)} chunks of ${CHUNK_BYTES} B, ${f(lDirect.length)} pings per path\n`,
  );
  console.table([
    { measurement: "chunks/s direct", value: f(tDirect), note: `${f(mb(tDirect), 1)} MB/s` },
    { measurement: "chunks/s through proxy", value: f(tProxy), note: `${f(mb(tProxy), 1)} MB/s` },
    {
      measurement: "proxy / direct throughput",
      value: `${(tProxy / tDirect).toFixed(2)}x`,
      note: "target >= 0.9x",
    },
    {
      measurement: "p50 round trip direct (ms)",
      value: f(pct(lDirect, 50), 3),
      note: `p99 ${f(pct(lDirect, 99), 3)}`,
    },
    {
      measurement: "p50 round trip through proxy (ms)",
      value: f(pct(lProxy, 50), 3),
      note: `p99 ${f(pct(lProxy, 99), 3)}`,
    },
    {
      measurement: "added p50 (ms)",
      value: f(pct(lProxy, 50) - pct(lDirect, 50), 3),
      note: "target <= 0.2 ms",
    },
  ]);
} finally {
  for (const c of children) c.kill("SIGTERM");
}

/**
 * `pnpm bench`: connection-URL minting over HTTP. Starts the real broker as its own process (embedded
 * PGlite database in a temp dir), signs a user in, creates a conversation, then drives
 * POST /api/conversations/:id/connection with autocannon and prints req/s and p99. Presigning alone (the
 * SigV4 package, in this process) is measured beside it. Target: 3,000 req/s on one core, p99 < 10 ms.
 * BENCH_DURATION (s), BENCH_CONNECTIONS, BENCH_COMPARE=1 (also GET /api/me and GET /api/auth/config for
 * reference) and BENCH_CPU_PROF=<dir> (a V8 CPU profile of the broker) tune it.
 *
 * "One core" is enforced, not assumed: with taskset (util-linux) and at least two CPUs, the broker runs on
 * the last CPU and this process (autocannon, presigning alone) on the first, so the load generator never
 * takes the broker's core. BENCH_PIN=0 turns that off. The output says which it was.
 */
import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createAgentCorePresigner, LOCAL_RUNTIME, TRACE_LEVEL_PARAM } from "@interject/agentcore-sigv4";
import autocannon from "autocannon";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const EMAIL = "bench@example.com";
const PASSWORD = "bench password that is long enough";

/** The CPU the broker is pinned to, or undefined when pinning is off or impossible. */
function pinning(): { broker: number; bench: number } | undefined {
  if (process.env.BENCH_PIN === "0" || availableParallelism() < 2) return undefined;
  const cpus = availableParallelism();
  try {
    // -a: every thread of this process (autocannon runs on the main thread, but libuv has its own).
    execFileSync("taskset", ["-a", "-cp", "0", String(process.pid)], { stdio: "ignore" });
    return { broker: cpus - 1, bench: 0 };
  } catch {
    return undefined;
  }
}

const PIN = pinning();

/** CPU seconds (user + system) a process has used so far, from /proc; undefined where there is no /proc. */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => ok(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

async function presignAlone(): Promise<void> {
  const presigner = createAgentCorePresigner({
    region: LOCAL_RUNTIME.region,
    endpoint: LOCAL_RUNTIME.endpoint,
    credentials: {
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
  });
  const input = {
    runtimeArn: LOCAL_RUNTIME.arn,
    sessionId: "3f1c1f4e-8f6b-4d1e-9a51-0d7c4e0a9b21",
    query: { [TRACE_LEVEL_PARAM]: "milestones" },
    expiresIn: 300,
  };
  for (let i = 0; i < 2000; i++) await presigner.presignWebSocketUrl(input);
  const n = 20_000;
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await presigner.presignWebSocketUrl(input);
    times.push(performance.now() - t);
  }
  const total = performance.now() - start;
  times.sort((a, b) => a - b);
  const p99 = times[Math.floor(n * 0.99)] ?? 0;
  console.log(
    `presigning alone:      ${Math.round((n / total) * 1000)} URLs/s, p99 ${p99.toFixed(3)} ms (${n} calls, one core)`,
  );
}

async function overHttp(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), "broker-bench-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nodeArgs = [
    ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    "--import",
    "tsx",
    "src/main.ts",
  ];
  const child = spawn(
    PIN ? "taskset" : process.execPath,
    PIN ? ["-c", String(PIN.broker), process.execPath, ...nodeArgs] : nodeArgs,
    {
      cwd: join(import.meta.dirname, ".."),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "info", // as in production; stdout goes to /dev/null
        INTERJECT_DATA_DIR: dataDir,
        INTERJECT_ADMIN_EMAIL: EMAIL,
        INTERJECT_ADMIN_PASSWORD: PASSWORD,
        INTERJECT_MINT_PER_MINUTE: "100000",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/auth/config`)).ok) break;
      } catch {
        if (i > 600 || child.exitCode !== null) throw new Error("the broker did not start");
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    const cookie = login.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const conv = (await (
      await fetch(`${base}/api/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, cookie },
        body: "{}",
      })
    ).json()) as { conversation: { id: string } };
    const run = async (label: string, path: string, method: "GET" | "POST") => {
      const cpuBefore = cpuSeconds(child.pid);
      const result = await autocannon({
        url: `${base}${path}`,
        method,
        headers: { cookie, origin: base },
        connections: CONNECTIONS,
        duration: DURATION_S,
      });
      const cpuAfter = cpuSeconds(child.pid);
      const bad = result.non2xx + result.errors;
      console.log(
        `${label.padEnd(22)} ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, p50 ${result.latency.p50} ms ` +
          `(${CONNECTIONS} connections, ${DURATION_S} s, ${result.requests.total} requests, ${bad} not 2xx)`,
      );
      if (cpuBefore !== undefined && cpuAfter !== undefined && result.requests.total > 0) {
        // CPU per request does not depend on what else the machine runs, unlike req/s on a shared host.
        const cpu = cpuAfter - cpuBefore;
        const perRequestUs = (cpu / result.requests.total) * 1e6;
        console.log(
          `${"".padEnd(22)} broker CPU ${Math.round(perRequestUs)} µs a request (${Math.round(1e6 / perRequestUs)} req/s if it had its core to itself), ` +
            `busy ${Math.round((cpu / result.duration) * 100)}% of the run`,
        );
      }
    };
    // warm-up (JIT, caches), not reported
    await autocannon({
      url: `${base}/api/conversations/${conv.conversation.id}/connection`,
      method: "POST",
      headers: { cookie, origin: base },
      connections: CONNECTIONS,
      duration: 2,
    });
    await run("minting over HTTP:", `/api/conversations/${conv.conversation.id}/connection`, "POST");
    if (process.env.BENCH_COMPARE) {
      await run("GET /api/me:", "/api/me", "GET");
      await run("GET /api/auth/config:", "/api/auth/config", "GET");
    }
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

console.log(
  PIN
    ? `pinned: broker on CPU ${PIN.broker} alone, autocannon and presigning alone on CPU ${PIN.bench} (taskset)`
    : "not pinned: broker and autocannon share every CPU (no taskset, one CPU, or BENCH_PIN=0)",
);
console.log(
  `load average before the run: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")} (${cpus().length} CPUs)`,
);
await presignAlone();
await overHttp();

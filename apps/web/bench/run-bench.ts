/**
 * `pnpm bench`: streams a 100 KB Markdown answer at 100 chunks per second over a real WebSocket into the
 * benchmark page in Debian's Chromium (Playwright), once rendered through the app's Markdown renderer and
 * once as plain text, and prints the longest main-thread task (PerformanceObserver `longtask`) and the
 * total scripting time (Chrome's ScriptDuration) for each. Target: no task over 50 ms.
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { AgentTestServer } from "@interject/chat-client/testing";
import { chromium } from "playwright-core";
import { sampleMarkdown } from "./sample-markdown.ts";

const DIST = fileURLToPath(new URL("../node_modules/.cache/bench-dist", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHUNK_CHARS = Number(process.env.BENCH_CHUNK_CHARS ?? 256);
const CHUNK_INTERVAL_MS = 10; // 100 chunks per second
const PROFILE = process.env.BENCH_PROFILE === "1";
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

async function serve(agent: { mintUrl(): string }) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/mint")
      return void res.writeHead(200, { "content-type": "text/plain" }).end(agent.mintUrl());
    const file = normalize(join(DIST, path === "/" ? "index.html" : path));
    if (!file.startsWith(DIST)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

interface Figures {
  mode: string;
  chars: number;
  elapsedMs: number;
  longestTaskMs: number;
  tasksOver50: number;
  scriptingMs: number;
  worst: [number, number][];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** With BENCH_PROFILE=1: where the main thread spent its samples (self time), top 15. */
function printProfile(mode: string, profile: { nodes: ProfileNode[]; samples?: number[] }): void {
  const total = profile.samples?.length ?? 0;
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const file = node.callFrame.url.split("/").pop() ?? "";
    const name = `${node.callFrame.functionName || "(anonymous)"} ${file}:${node.callFrame.lineNumber}`;
    byName.set(name, (byName.get(name) ?? 0) + (node.hitCount ?? 0));
  }
  console.log(`${mode}: top self time (share of ${total} samples)`);
  for (const [name, hits] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`  ${((hits / Math.max(1, total)) * 100).toFixed(1).padStart(5)}%  ${name}`);
  }
}

async function run(mode: "markdown" | "plain", answer: string): Promise<Figures> {
  const agent = new AgentTestServer({ answer, chunkSize: CHUNK_CHARS, chunkIntervalMs: CHUNK_INTERVAL_MS });
  await agent.listen();
  const { server, port } = await serve(agent);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(`http://127.0.0.1:${port}/?mode=${mode}`);
    await page.waitForFunction(() => window.__bench?.ready === true, undefined, { timeout: 30_000 });
    // Let start-up work (bundle evaluation, the idle-time renderer warm-up) finish, as it would before a user types.
    await page.waitForTimeout(2000);
    const scriptTime = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return (metrics.find((m) => m.name === "ScriptDuration")?.value ?? 0) * 1000;
    };
    const before = await scriptTime();
    if (PROFILE) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.start");
    }
    await page.evaluate(() => {
      window.__bench.longTasks = [];
      window.__bench.worst = [];
      window.__startBench();
    });
    await page.waitForFunction(() => window.__bench.done, undefined, { timeout: 90_000, polling: 250 });
    const after = await scriptTime();
    if (PROFILE) printProfile(mode, (await cdp.send("Profiler.stop")).profile);
    const result = await page.evaluate(() => window.__bench);
    return {
      mode,
      chars: result.chars,
      elapsedMs: result.elapsedMs,
      longestTaskMs: Math.max(0, ...result.longTasks),
      tasksOver50: result.longTasks.filter((d) => d > 50).length,
      scriptingMs: after - before,
      worst: result.worst,
    };
  } finally {
    await browser.close();
    server.close();
    await agent.close();
  }
}

const answer = sampleMarkdown();
const chunks = Math.ceil(answer.length / CHUNK_CHARS);
console.log(
  `Streaming ${answer.length} chars of Markdown in ${chunks} chunks of ${CHUNK_CHARS} chars at ${1000 / CHUNK_INTERVAL_MS} chunks/s (Chromium ${CHROMIUM})`,
);
const rows: Figures[] = [];
for (const mode of ["plain", "markdown"] as const) rows.push(await run(mode, answer));
console.log("");
console.log("mode       chars    stream s   longest task ms   tasks > 50 ms   scripting ms");
for (const r of rows) {
  console.log(
    `${r.mode.padEnd(9)} ${String(r.chars).padStart(6)}   ${(r.elapsedMs / 1000).toFixed(2).padStart(8)}   ${r.longestTaskMs.toFixed(0).padStart(15)}   ${String(r.tasksOver50).padStart(13)}   ${r.scriptingMs.toFixed(0).padStart(12)}`,
  );
}
for (const r of rows) {
  console.log(`${r.mode}: longest tasks [ms into the stream, duration ms]: ${JSON.stringify(r.worst)}`);
}
const markdown = rows.find((r) => r.mode === "markdown");
console.log("");
console.log(
  markdown && markdown.longestTaskMs <= 50
    ? "Target met: no main-thread task over 50 ms while rendering Markdown."
    : `Target missed: the longest Markdown task took ${markdown?.longestTaskMs.toFixed(0)} ms (target 50 ms).`,
);

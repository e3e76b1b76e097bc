/**
 * `pnpm bench`: the cost of an MCP tool call over stdio, for comparison with a built-in tool call (target: at
 * most 2 ms more at p50). Calls server-everything's `echo` ~1,000 times through McpTool.call, and as many
 * times straight through the SDK client to show what this package adds; a plain in-process async function
 * stands in for a built-in tool. The machine is shared, so the variants are interleaved in rounds.
 */
import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpToolManager } from "../src/manager.ts";
import { configOf } from "../src/testing/config.ts";
import { everythingStdio } from "../src/testing/mcp-servers.ts";
import { waitForStatus } from "../src/testing/wait.ts";

const CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP = 200;
const TARGET_P50_MS = 2;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(samples: number[]): { p50: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean };
}

async function time(samples: number[], n: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
}

const manager = new McpToolManager({
  config: configOf({ everything: everythingStdio() }),
  healthCheckIntervalMs: 0,
});
manager.start();
await waitForStatus(manager, "everything", (s) => s.state === "connected");
const echo = manager.tool("everything__echo");
if (!echo) throw new Error("server-everything has no echo tool");

const raw = new Client({ name: "bench", version: "0.0.0" });
await raw.connect(new StdioClientTransport({ ...everythingStdio(), stderr: "ignore" }));

// A built-in tool: an async function in the same process, with the same input and a similar answer.
const builtIn = async (input: { message: string }) => ({
  content: [{ type: "text", text: `Echo: ${input.message}` }],
});

const viaManager: number[] = [];
const viaSdk: number[] = [];
const inProcess: number[] = [];
const input = (i: number) => ({ message: `bench message ${i}` });

await time([], WARMUP, (i) => echo.call(input(i)));
await time([], WARMUP, (i) => raw.callTool({ name: "echo", arguments: input(i) }));
const perRound = Math.ceil(CALLS / ROUNDS);
for (let round = 0; round < ROUNDS; round++) {
  await time(viaManager, perRound, async (i) => {
    const result = await echo.call(input(i));
    if (result.outcome !== "completed") throw new Error(`echo failed: ${JSON.stringify(result)}`);
  });
  await time(viaSdk, perRound, (i) => raw.callTool({ name: "echo", arguments: input(i) }));
  await time(inProcess, perRound, (i) => builtIn(input(i)));
}

await raw.close();
await manager.close();

const rows = [
  ["McpTool.call (stdio, echo)", summary(viaManager)],
  ["SDK Client.callTool (stdio, echo)", summary(viaSdk)],
  ["in-process async function", summary(inProcess)],
] as const;
console.log(`mcp-tools: ${viaManager.length} calls each, ${ROUNDS} interleaved rounds`);
for (const [name, s] of rows) {
  console.log(
    `  ${name.padEnd(36)} p50 ${s.p50.toFixed(3)} ms  p99 ${s.p99.toFixed(3)} ms  mean ${s.mean.toFixed(3)} ms`,
  );
}
const overhead = summary(viaManager).p50 - summary(inProcess).p50;
console.log(
  `  MCP call over a built-in one at p50: +${overhead.toFixed(3)} ms (target at most +${TARGET_P50_MS} ms: ${overhead <= TARGET_P50_MS ? "met" : "NOT met"})`,
);

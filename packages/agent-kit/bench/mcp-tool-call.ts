/**
 * `pnpm bench` (agent-kit): what a tool call from an MCP server over stdio costs a turn, against a built-in
 * tool, through the whole agent loop (target: at most 2 ms more at p50). A kit agent (offline model, no
 * delay between words, no chunk pacing) with server-everything over stdio (AGENT_MCP_CONFIG) and a built-in
 * tool that answers as server-everything's `echo` does; a WebSocket client sends `/tool <name> {...}` and
 * times prompt -> `complete`, alternating the two tools in blocks so neither gets a warmer machine. Also
 * prints the tool calls' own durations from their `tool_result` traces.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { everythingStdio, waitForStatus } from "@interject/mcp-tools/testing";
import WebSocket from "ws";
import { z } from "zod";
import { createAgentApp } from "../src/app.ts";
import { readKitSettings } from "../src/settings.ts";
import { defineTool } from "../src/tools/tool.ts";

const TURNS = Number(process.env.BENCH_TURNS ?? 1000);
const BLOCK = 50;
const WARM_UP = 100;
const TARGET_P50_MS = 2;
const MCP_TOOL = "everything__echo";
/** As long as the MCP tool's name, so both answers have the same length. */
const BUILT_IN = "local_tool__echo";

const builtInEcho = defineTool({
  name: BUILT_IN,
  description: "Echoes back the input string",
  input: z.strictObject({ message: z.string() }),
  milestone: "Echoing",
  async run({ message }) {
    return `Echo: ${message}`;
  },
});

const dir = await mkdtemp(join(tmpdir(), "kit-mcp-bench-"));
const config = join(dir, "mcp.json");
await writeFile(config, JSON.stringify({ mcpServers: { everything: everythingStdio() } }));
const app = createAgentApp({
  settings: readKitSettings({
    LOG_LEVEL: "silent",
    AGENT_OFFLINE_DELAY_MS: "0",
    AGENT_CHUNK_INTERVAL_MS: "0",
    AGENT_INBOUND_RATE_PER_SECOND: "100000",
    AGENT_INBOUND_BURST: "100000",
    AGENT_MCP_CONFIG: config,
  }),
  tools: [builtInEcho],
});
if (!app.mcp) throw new Error("AGENT_MCP_CONFIG gave no MCP tools");
await waitForStatus(app.mcp.manager, "everything", (s) => s.state === "connected");
const { port } = await app.listen(0, "127.0.0.1");

interface Frame {
  type: string;
  trace?: { kind: string; name?: string; durationMs?: number };
}

const ws = new WebSocket(
  `ws://127.0.0.1:${port}/ws?X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full`,
  {
    perMessageDeflate: false,
    headers: { "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": "mcp-bench-session-000000000000000000000" },
  },
);
await new Promise((resolve, reject) => {
  ws.once("open", resolve);
  ws.once("error", reject);
});
let onFrame: ((frame: Frame) => void) | null = null;
ws.on("message", (data) => onFrame?.(JSON.parse(data.toString()) as Frame));
ws.send(JSON.stringify({ type: "resume", afterSeq: 0 }));

/** One turn: prompt -> complete, in ms, and the tool call's own duration from its trace. */
function turn(tool: string, i: number): Promise<{ turnMs: number; toolMs: number }> {
  return new Promise((resolve, reject) => {
    let toolMs = Number.NaN;
    const started = performance.now();
    onFrame = (frame) => {
      if (frame.type === "trace" && frame.trace?.kind === "tool_result") toolMs = frame.trace.durationMs ?? 0;
      if (frame.type === "error") reject(new Error(JSON.stringify(frame)));
      if (frame.type === "complete") resolve({ turnMs: performance.now() - started, toolMs });
    };
    const text = `/tool ${tool} ${JSON.stringify({ message: `bench message ${i}` })}`;
    ws.send(JSON.stringify({ type: "prompt", id: `p${tool}${i}`, text }));
  });
}

const samples = {
  mcp: [] as number[],
  builtIn: [] as number[],
  mcpTool: [] as number[],
  builtInTool: [] as number[],
};
for (let i = 0; i < WARM_UP; i++) {
  await turn(MCP_TOOL, i);
  await turn(BUILT_IN, i);
}
for (let done = 0; done < TURNS; done += BLOCK) {
  for (let i = 0; i < BLOCK; i++) {
    const r = await turn(MCP_TOOL, done + i);
    samples.mcp.push(r.turnMs);
    samples.mcpTool.push(r.toolMs);
  }
  for (let i = 0; i < BLOCK; i++) {
    const r = await turn(BUILT_IN, done + i);
    samples.builtIn.push(r.turnMs);
    samples.builtInTool.push(r.toolMs);
  }
}
ws.close();
await app.close();

function stats(values: number[]): { p50: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}
const line = (name: string, values: number[]) => {
  const s = stats(values);
  console.log(`  ${name.padEnd(44)} p50 ${s.p50.toFixed(3)} ms  p99 ${s.p99.toFixed(3)} ms`);
};
console.log(
  `agent-kit: ${TURNS} turns per tool through the agent loop over a WebSocket, alternating blocks of ${BLOCK}`,
);
line(`turn with the MCP tool (stdio, ${MCP_TOOL})`, samples.mcp);
line(`turn with a built-in tool (${BUILT_IN})`, samples.builtIn);
line("  the MCP call itself (tool_result trace)", samples.mcpTool);
line("  the built-in call itself (tool_result trace)", samples.builtInTool);
const overhead = stats(samples.mcp).p50 - stats(samples.builtIn).p50;
console.log(
  `  MCP tool over a built-in one at p50: +${overhead.toFixed(3)} ms a turn (target at most +${TARGET_P50_MS} ms: ${overhead <= TARGET_P50_MS ? "met" : "NOT met"})`,
);

/** The example agent over a real socket: the offline model calls the custom tool and answers with its result. */
import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TestClient } from "@interject/agent-kit/testing";
import { everythingStdio } from "@interject/mcp-tools/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convert } from "./convert-units.ts";

let port = 0;
let child: ReturnType<typeof spawn>;

beforeAll(async () => {
  port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
  // The kit's AGENT_MCP_CONFIG gives this agent an MCP server's tools too, with no code of its own.
  const dir = await mkdtemp(join(tmpdir(), "custom-agent-mcp-"));
  const mcpConfig = join(dir, "mcp.json");
  await writeFile(mcpConfig, JSON.stringify({ mcpServers: { everything: everythingStdio() } }));
  // Started as its own process, exactly as `pnpm start` and the container start it.
  child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./main.ts", import.meta.url))], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      AGENT_OFFLINE_DELAY_MS: "0",
      AGENT_MCP_CONFIG: mcpConfig,
    },
    stdio: "inherit",
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error("the example agent did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(() => {
  child?.kill("SIGTERM");
});

describe("the example custom agent", () => {
  it("converts with its own tool, traced, and streams the answer", async () => {
    const client = await TestClient.connect(`ws://127.0.0.1:${port}`, {
      sessionId: "custom-agent-test-0000000000000000000001",
      query: "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full",
    });
    client.send({ type: "prompt", id: "p1", text: "Convert 10 km to miles, please" });
    const complete = await client.waitFor("complete");
    expect(complete.fullResponse).toContain("10 km is 6.21371 mi.");
    const calls = client.of("trace").flatMap((t) => (t.trace.kind === "tool_call" ? [t.trace] : []));
    expect(calls).toEqual([
      expect.objectContaining({ name: "convert_units", input: { value: 10, from: "km", to: "mi" } }),
    ]);
    client.close();
  });

  it("calls an MCP server's tool from AGENT_MCP_CONFIG, as every agent on the kit can", async () => {
    const client = await TestClient.connect(`ws://127.0.0.1:${port}`, {
      sessionId: "custom-agent-test-0000000000000000000002",
      query: "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full",
    });
    // The server connects in the background after the agent starts; until then the tool is not offered.
    let answer = "";
    for (let attempt = 1; attempt <= 50 && !answer.includes("Echo:"); attempt++) {
      client.send({
        type: "prompt",
        id: `p${attempt}`,
        text: '/tool everything__echo {"message": "from MCP"}',
      });
      answer = (await client.waitFor("complete", attempt)).fullResponse;
      if (!answer.includes("Echo:")) await new Promise((r) => setTimeout(r, 200));
    }
    expect(answer).toContain("Echo: from MCP");
    const call = client.of("trace").find((t) => t.trace.kind === "tool_call")?.trace;
    expect(call).toMatchObject({ name: "everything__echo", mcp: { server: "everything", tool: "echo" } });
    client.close();
  });

  it("converts temperatures and refuses mixed kinds", () => {
    expect(convert(100, "c", "f")).toBe(212);
    expect(convert(0, "k", "c")).toBeCloseTo(-273.15);
    expect(() => convert(1, "kg", "m")).toThrow(/Cannot convert mass/);
  });
});

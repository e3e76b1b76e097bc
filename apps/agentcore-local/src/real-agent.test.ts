/**
 * The real agent (apps/agent, started as its own process exactly as the per-session default command does)
 * is reachable through agentcore-local with a URL signed by our package and by botocore alike: both get the
 * agent's session hello for the signed session id and trace level. StopRuntimeSession (the AWS SDK's command)
 * ends the agent's running answer: the browser's socket closes with 1008 and the agent is idle at once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAgentCorePresigner, LOCAL_RUNTIME, TRACE_LEVEL_PARAM } from "@interject/agentcore-sigv4";
import { botocoreSign } from "@interject/agentcore-sigv4/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEnv } from "./env.ts";
import type { DataPlane } from "./server.ts";
import {
  closed,
  collect,
  connect,
  isoSeconds,
  KEY,
  openSession,
  startPlane,
  stopWithSdk,
} from "./testing/harness.ts";

let agent: ChildProcess;
let agentBase: string;
let plane: DataPlane;

beforeAll(async () => {
  // A port the OS just handed out (a random one could be another test's server answering /ping).
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port: p } = probe.address() as AddressInfo;
      probe.close(() => resolve(p));
    });
  });
  const command = readEnv({}).AGENTCORE_AGENT_COMMAND;
  const dataDir = await mkdtemp(join(tmpdir(), "agent-"));
  agent = spawn("sh", ["-c", command], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      INTERJECT_DATA_DIR: dataDir,
    },
    stdio: "ignore",
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  agentBase = base;
  for (let i = 0; i < 600 && agent.exitCode === null; i++) {
    try {
      if ((await fetch(`${base}/ping`)).ok) break;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  plane = await startPlane({ agentUrl: base });
}, 90_000);

afterAll(async () => {
  await plane?.close();
  if (agent?.pid && agent.exitCode === null) process.kill(-agent.pid, "SIGTERM");
});

async function hello(url: string) {
  const { ws, refused } = await connect(url);
  if (!ws) throw new Error(`refused: ${JSON.stringify(refused)}`);
  const [first] = await collect(ws, (m) => m.length === 1);
  ws.close(1000);
  return JSON.parse(String(first)) as { type: string; sessionId: string; traceLevel: string };
}

describe("the real agent through agentcore-local", () => {
  it("answers a URL presigned by our package and one presigned by botocore", async () => {
    const sessionId = `real-agent-${Date.now()}-000000000000000000000`;
    const endpoint = `http://127.0.0.1:${plane.port}`;
    const ours = await createAgentCorePresigner({
      region: "us-east-1",
      endpoint,
      credentials: KEY,
    }).presignWebSocketUrl({
      runtimeArn: LOCAL_RUNTIME.arn,
      sessionId,
      query: { [TRACE_LEVEL_PARAM]: "full" },
      expiresIn: 60,
    });
    expect(await hello(ours.url)).toMatchObject({ type: "session", sessionId, traceLevel: "full" });
    const boto = botocoreSign([
      {
        form: "query",
        base: endpoint,
        region: "us-east-1",
        runtimeArn: LOCAL_RUNTIME.arn,
        query: [[TRACE_LEVEL_PARAM, "milestones"]],
        sessionId,
        expiresIn: 60,
        ...KEY,
        now: isoSeconds(new Date()),
      },
    ]).results[0];
    expect(await hello(String(boto?.url))).toMatchObject({
      type: "session",
      sessionId,
      traceLevel: "milestones",
    });
  });

  it("StopRuntimeSession ends the agent's running answer at once", async () => {
    const sessionId = `stopped-${Date.now()}-0000000000000000000000000`;
    const ping = async () => ((await (await fetch(`${agentBase}/ping`)).json()) as { status: string }).status;
    const { ws } = await openSession(plane, sessionId);
    ws.send(JSON.stringify({ type: "prompt", id: "p1", text: "Explain in detail how interruption works" }));
    await collect(ws, (m) => m.filter((f) => f.includes('"chunk"')).length >= 2);
    expect(await ping()).toBe("HealthyBusy");
    expect(await stopWithSdk(plane, { sessionId })).toMatchObject({ statusCode: 200 });
    expect(await closed(ws)).toEqual({ code: 1008, reason: "runtime session stopped" });
    await expect.poll(ping, { timeout: 2000 }).toBe("Healthy");
    // The session id works again afterwards.
    const again = await openSession(plane, sessionId);
    expect(JSON.parse(again.hello)).toMatchObject({ type: "session", sessionId });
    again.ws.close(1000);
  });
});

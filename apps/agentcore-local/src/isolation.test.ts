/**
 * AGENTCORE_ISOLATION=per-session: one agent process per session id (here the test upstream run as a
 * process), the same process for a reconnect, and the process stopped at the idle timeout or by
 * StopRuntimeSession.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { createAgentCorePresigner, LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { perSessionPool } from "./lifecycle/agent-pool.ts";
import type { DataPlane } from "./server.ts";
import {
  closed,
  collect,
  connect,
  KEY,
  openSession,
  silentLogger,
  startPlane,
  stopWithSdk,
} from "./testing/harness.ts";

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const upstreamMain = fileURLToPath(new URL("./testing/upstream-main.ts", import.meta.url));
let plane: DataPlane;

beforeAll(async () => {
  plane = await startPlane({
    pool: perSessionPool({
      command: `'${process.execPath}' '${tsxCli}' '${upstreamMain}'`,
      startTimeoutMs: 60_000,
      env: process.env,
      logger: silentLogger,
    }),
    lifecycle: { idleTimeoutMs: 5000, pingIntervalMs: 200 },
  });
});
afterAll(async () => {
  await plane.close();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("per-session isolation", () => {
  it("starts one agent per session, reuses it on reconnect, stops it when the session idles out", async () => {
    const presigner = createAgentCorePresigner({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${plane.port}`,
      credentials: KEY,
    });
    const pidOf = async (sessionId: string) => {
      const { url } = await presigner.presignWebSocketUrl({
        runtimeArn: LOCAL_RUNTIME.arn,
        sessionId,
        expiresIn: 60,
      });
      const { ws, refused } = await connect(url);
      if (!ws) throw new Error(`refused: ${JSON.stringify(refused)}`);
      const [hello] = await collect(ws, (m) => m.length === 1);
      return { ws, pid: JSON.parse(String(hello)).pid as number };
    };
    const a = await pidOf("session-a-00000000000000000000000000000");
    const b = await pidOf("session-b-00000000000000000000000000000");
    expect(a.pid).not.toBe(b.pid);
    expect(a.pid).not.toBe(process.pid);
    a.ws.close(1000);
    await closed(a.ws);
    const again = await pidOf("session-a-00000000000000000000000000000");
    expect(again.pid).toBe(a.pid);
    // Idle: both sessions end, their sockets close with 1001 and their processes stop.
    expect((await closed(again.ws)).code).toBe(1001);
    expect((await closed(b.ws)).code).toBe(1001);
    await expect.poll(() => alive(a.pid) || alive(b.pid), { timeout: 20_000 }).toBe(false);
  });

  it("StopRuntimeSession stops the session's agent process, and a new connection gets a new one", async () => {
    const sessionId = "session-c-00000000000000000000000000000";
    const first = await openSession(plane, sessionId);
    const pid = JSON.parse(first.hello).pid as number;
    expect(alive(pid)).toBe(true);
    expect(await stopWithSdk(plane, { sessionId })).toMatchObject({ statusCode: 200 });
    expect((await closed(first.ws)).code).toBe(1008);
    await expect.poll(() => alive(pid), { timeout: 20_000 }).toBe(false);
    const second = await openSession(plane, sessionId);
    expect(JSON.parse(second.hello).pid).not.toBe(pid);
    second.ws.terminate();
  });
});

/**
 * AgentCore's WebSocket limits, enforced by the local runtime over real sockets: frames over 32 KB close with
 * 1009 from either side, refused from the frame header before the payload is buffered; more than 250 frames
 * a second from a browser close with 1008; a connection ends after its time limit while its session lives
 * on; ping and pong frames count as activity for the idle timeout.
 */
import { WEBSOCKET_MAX_FRAME_BYTES, WEBSOCKET_MAX_FRAMES_PER_SECOND } from "@interject/agentcore-sigv4";
import { afterEach, describe, expect, it } from "vitest";
import type { LifecycleSettings } from "./lifecycle/sessions.ts";
import { AGENTCORE_WEBSOCKET_LIMITS, type WebSocketLimits } from "./proxy/ws-limits.ts";
import type { DataPlane } from "./server.ts";
import { closed, collect, openSession, presignedUrl, startPlane, stopWithSdk } from "./testing/harness.ts";
import { RawWebSocket } from "./testing/raw-websocket.ts";
import { startUpstream, type Upstream } from "./testing/upstream-server.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

async function setup(
  opts: { lifecycle?: Partial<LifecycleSettings>; webSocketLimits?: WebSocketLimits } = {},
): Promise<{ upstream: Upstream; plane: DataPlane }> {
  const upstream = await startUpstream();
  const plane = await startPlane({ agentUrl: upstream.url, ...opts });
  cleanup.push(
    () => upstream.close(),
    () => plane.close(),
  );
  return { upstream, plane };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("frame size", () => {
  it("passes a frame of exactly 32 KB; one byte more from the browser closes with 1009 and never reaches the agent", async () => {
    const { upstream, plane } = await setup();
    const { ws } = await openSession(plane);
    const largest = "x".repeat(WEBSOCKET_MAX_FRAME_BYTES);
    const echo = collect(ws, (m) => m.length === 1);
    ws.send(largest);
    expect((await echo)[0]).toBe(largest);
    ws.send(`${largest}x`);
    expect((await closed(ws)).code).toBe(1009);
    await expect.poll(() => upstream.closes.at(-1)?.code).toBe(1009);
    expect(upstream.received.map((m) => m.length)).toEqual([WEBSOCKET_MAX_FRAME_BYTES]);
  });

  it("refuses a frame from its header, before its payload is read", async () => {
    const { upstream, plane } = await setup();
    const raw = await RawWebSocket.open(await presignedUrl(plane));
    await expect.poll(() => raw.frames.length).toBe(1); // the agent's hello
    // Announce a 64 MiB text frame (under ws's own default limit) and send a few bytes of it: the answer
    // must not wait for the rest.
    raw.write(RawWebSocket.frameHeader(0x1, 64 * 1024 * 1024));
    raw.write(Buffer.alloc(1024, 0x61));
    await expect.poll(() => raw.closeCode).toBe(1009);
    await expect.poll(() => upstream.closes.at(-1)?.code).toBe(1009);
    expect(upstream.received).toEqual([]);
    raw.destroy();
  });

  it("closes both sides with 1009 when the agent sends a frame over the limit", async () => {
    const { upstream, plane } = await setup();
    const { ws } = await openSession(plane);
    ws.send(`big:${WEBSOCKET_MAX_FRAME_BYTES + 1}`);
    expect((await closed(ws)).code).toBe(1009);
    await expect.poll(() => upstream.closes.at(-1)?.code).toBe(1009);
  });
});

describe("frame rate", () => {
  it("lets 250 frames a second through and closes both sides with 1008 at the 251st", async () => {
    const { upstream, plane } = await setup();
    const { ws } = await openSession(plane);
    const burst = (n: number) => {
      for (let i = 0; i < n; i++) ws.send(String(i));
    };
    burst(WEBSOCKET_MAX_FRAMES_PER_SECOND);
    await collect(ws, (m) => m.length === WEBSOCKET_MAX_FRAMES_PER_SECOND);
    expect(ws.readyState).toBe(ws.OPEN);
    await sleep(1100);
    burst(WEBSOCKET_MAX_FRAMES_PER_SECOND + 1);
    const reason = `more than ${WEBSOCKET_MAX_FRAMES_PER_SECOND} frames per second`;
    expect(await closed(ws)).toEqual({ code: 1008, reason });
    await expect.poll(() => upstream.closes.at(-1)).toEqual({ code: 1008, reason });
    expect(upstream.received).toHaveLength(2 * WEBSOCKET_MAX_FRAMES_PER_SECOND);
  });
});

describe("connection time limit", () => {
  it("closes the connection (1001, both sides) and keeps its session", async () => {
    const { upstream, plane } = await setup({
      webSocketLimits: { ...AGENTCORE_WEBSOCKET_LIMITS, maxConnectionMs: 500 },
    });
    const { ws } = await openSession(plane);
    const reason = "connection time limit reached";
    expect(await closed(ws)).toEqual({ code: 1001, reason });
    await expect.poll(() => upstream.closes.at(-1)).toEqual({ code: 1001, reason });
    // The session is still there: StopRuntimeSession finds it.
    expect(await stopWithSdk(plane)).toMatchObject({ statusCode: 200 });
  });
});

describe("idle timeout", () => {
  it("counts ping and pong frames from either side as activity", async () => {
    const { plane } = await setup({ lifecycle: { idleTimeoutMs: 600, pingIntervalMs: 100 } });
    const fromBrowser = await openSession(plane, "pinging-browser-0000000000000000000000001");
    const pinger = setInterval(() => fromBrowser.ws.ping(), 150);
    const fromAgent = await openSession(plane, "pinging-agent-000000000000000000000000001");
    fromAgent.ws.send("ping:150");
    const quiet = await openSession(plane, "quiet-session-000000000000000000000000001");
    try {
      expect((await closed(quiet.ws)).code).toBe(1001);
      await sleep(1500);
      expect(fromBrowser.ws.readyState).toBe(fromBrowser.ws.OPEN);
      expect(fromAgent.ws.readyState).toBe(fromAgent.ws.OPEN);
    } finally {
      clearInterval(pinger);
    }
    expect((await closed(fromBrowser.ws)).code).toBe(1001);
    fromAgent.ws.terminate();
  });
});

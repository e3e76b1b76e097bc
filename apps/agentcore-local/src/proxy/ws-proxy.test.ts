/**
 * The relay hands a burst of frames to each outgoing TCP socket in one flush, both ways: ws writes every frame
 * on its own, and the syscall per frame was most of the proxy's CPU. The proxy runs here behind a plain HTTP
 * server of the test's own, so the test holds both sockets ws writes with (the one it passes to
 * acceptAndPipe, and the one connectUpstream reports) and counts the times each is flushed to the kernel.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { collect, connect } from "../testing/harness.ts";
import { startUpstream } from "../testing/upstream-server.ts";
import { acceptAndPipe, connectUpstream } from "./ws-proxy.ts";

const BURST = 50;
const LIMITS = { maxFrameBytes: 1024 * 1024, maxFramesPerSecond: 1000, maxConnectionMs: 60_000 };

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

/** Counts the times `socket` hands data to the kernel: a write while uncorked, or an uncork ending a cork. */
function countFlushes(socket: Duplex): { count: number } {
  const counter = { count: 0 };
  const { write, uncork } = socket;
  socket.write = (...args: unknown[]): boolean => {
    if (socket.writableCorked === 0) counter.count++;
    return Reflect.apply(write, socket, args) as boolean;
  };
  socket.uncork = (): void => {
    const wasCorked = socket.writableCorked > 0;
    uncork.call(socket);
    if (wasCorked && socket.writableCorked === 0) counter.count++;
  };
  return counter;
}

async function setup() {
  const upstream = await startUpstream();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const legs: { client?: { count: number }; agent?: { count: number } } = {};
  const server: Server = createServer();
  server.on("upgrade", (req, socket, head) => {
    void connectUpstream(`${upstream.url.replace(/^http/, "ws")}/ws`, {}, [], LIMITS.maxFrameBytes).then(
      (open) => {
        legs.client = countFlushes(socket);
        if (open.socket) legs.agent = countFlushes(open.socket);
        acceptAndPipe(wss, req, socket, head, open, LIMITS, {
          onActivity: () => {},
          onClosed: () => {},
          register: () => {},
        });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  cleanup.push(
    () => upstream.close(),
    async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  );
  const { ws } = await connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`);
  if (!ws) throw new Error("the proxy refused the socket");
  cleanup.push(async () => ws.terminate());
  await collect(ws, (m) => m.length === 1); // the agent's hello
  const { client, agent } = legs;
  if (!client || !agent) throw new Error("the proxy's sockets were not seen");
  return { upstream, ws, client, agent };
}

describe("relay batching", () => {
  it("a burst from the agent reaches the client's socket in a flush or two, not one per frame", async () => {
    const { ws, client } = await setup();
    const before = client.count;
    // The agent writes BURST frames and "stream-end" in one loop: the proxy reads them in one go.
    ws.send(`stream:${BURST}:100`);
    const frames = await collect(ws, (m) => m.at(-1) === "stream-end");
    expect(frames).toHaveLength(BURST + 1);
    expect(client.count - before).toBeGreaterThan(0);
    expect(client.count - before).toBeLessThanOrEqual(2);
  });

  it("a burst from the client reaches the agent's socket in a flush or two, not one per frame", async () => {
    const { ws, upstream, agent } = await setup();
    const before = agent.count;
    for (let i = 0; i < BURST; i++) ws.send(`frame-${i}-${"y".repeat(100)}`);
    await expect.poll(() => upstream.received.length, { timeout: 10_000 }).toBe(BURST);
    expect(upstream.received.at(-1)).toMatch(/^frame-49-/);
    expect(agent.count - before).toBeGreaterThan(0);
    expect(agent.count - before).toBeLessThanOrEqual(2);
  });
});

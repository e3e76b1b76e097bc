/**
 * Joins an authenticated client WebSocket to the agent's /ws. The upstream socket is opened first, so a dead
 * agent is an HTTP error and not an accepted-then-closed socket. Frames keep their type, close codes and
 * reasons pass through both ways, and backpressure is end to end: a side whose peer has more than
 * HIGH_WATER bytes queued is paused until that queue is back under LOW_WATER. UTF-8 is validated by the endpoints
 * (browser and agent), not again in the middle.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocket, type WebSocketServer } from "ws";
import { DataPlaneError } from "../errors.ts";

const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;

/** An open upstream socket plus the frames it sent before the client's upgrade was completed. */
export interface OpenUpstream {
  ws: WebSocket;
  early: Array<{ data: WebSocket.RawData; isBinary: boolean }>;
  stopBuffering: () => void;
}

export function connectUpstream(
  url: string,
  headers: Record<string, string>,
  protocols: string[] = [],
): Promise<OpenUpstream> {
  return new Promise((resolve, reject) => {
    const upstream = new WebSocket(url, protocols, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
      skipUTF8Validation: true,
    });
    upstream.once("open", () => {
      // The agent may speak first (the session hello): keep those frames until the client is attached.
      const early: OpenUpstream["early"] = [];
      const buffer = (data: WebSocket.RawData, isBinary: boolean) => early.push({ data, isBinary });
      upstream.on("message", buffer);
      upstream.pause();
      resolve({ ws: upstream, early, stopBuffering: () => upstream.off("message", buffer) });
    });
    upstream.once("unexpected-response", (_req, res) => {
      res.resume();
      upstream.terminate();
      reject(
        new DataPlaneError(
          424,
          "RuntimeClientError",
          `The agent refused the WebSocket (HTTP ${res.statusCode})`,
          "agent-refused",
        ),
      );
    });
    upstream.once("error", () =>
      reject(
        new DataPlaneError(424, "RuntimeClientError", "The agent is not reachable", "agent-unreachable"),
      ),
    );
  });
}

/** The subprotocols a client offered (Sec-WebSocket-Protocol), passed on to the agent, which chooses. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headers["sec-websocket-protocol"];
  return (raw ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Codes that may be sent in a close frame (1005/1006/1015 are reserved for local use). */
function sendable(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

/**
 * ws writes each frame with its own writev; a TCP read from the other side usually holds many frames, which
 * ws emits synchronously. Corking the outgoing socket until the next tick turns that batch into one write
 * (the syscall per frame was most of the proxy's CPU in the bench). `_socket` is ws's own field for it.
 */
function corkUntilNextTick(ws: WebSocket): void {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (!socket || socket.writableCorked > 0) return;
  socket.cork();
  process.nextTick(() => socket.uncork());
}

function relay(from: WebSocket, to: WebSocket, onActivity: () => void): void {
  from.on("message", (data, isBinary) => {
    onActivity();
    if (to.readyState !== WebSocket.OPEN) return;
    corkUntilNextTick(to);
    if (to.bufferedAmount < LOW_WATER) {
      to.send(data, { binary: isBinary });
      return;
    }
    // A queue is building: watch it drain (send callbacks fire as frames are written) and stop reading the
    // fast side above HIGH_WATER until the queue is back under LOW_WATER.
    to.send(data, { binary: isBinary }, () => {
      if (from.isPaused && to.bufferedAmount < LOW_WATER) from.resume();
    });
    if (to.bufferedAmount > HIGH_WATER) from.pause();
  });
  from.on("close", (code, reason) => {
    from.resume();
    if (to.readyState === WebSocket.OPEN || to.readyState === WebSocket.CONNECTING) {
      if (sendable(code)) to.close(code, reason);
      else if (code === 1005) to.close();
      else to.terminate();
    }
  });
  from.on("error", () => to.terminate());
}

export function acceptAndPipe(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  open: OpenUpstream,
  hooks: {
    onActivity: () => void;
    onClosed: () => void;
    register: (close: (code: number, reason: string) => void) => void;
  },
): void {
  const upstream = open.ws;
  wss.handleUpgrade(req, socket, head, (client) => {
    open.stopBuffering();
    for (const { data, isBinary } of open.early) client.send(data, { binary: isBinary });
    upstream.resume();
    relay(client, upstream, hooks.onActivity);
    relay(upstream, client, hooks.onActivity);
    hooks.register((code, reason) => {
      client.close(code, reason);
      upstream.close(code, reason);
    });
    let closed = 0;
    const done = () => {
      closed += 1;
      if (closed === 2) hooks.onClosed();
    };
    client.once("close", done);
    upstream.once("close", done);
  });
}

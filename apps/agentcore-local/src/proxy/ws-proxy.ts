/**
 * Joins an authenticated client WebSocket to the agent's /ws. The upstream socket is opened first, so a dead
 * agent is an HTTP error and not an accepted-then-closed socket. Frames keep their type, close codes and
 * reasons pass through both ways, and backpressure is end to end: a side whose peer has more than
 * HIGH_WATER bytes queued is paused until that queue is back under LOW_WATER. UTF-8 is validated by the endpoints
 * (browser and agent), not again in the middle.
 *
 * AgentCore's WebSocket limits hold on the way (ws-limits.ts): a frame over the size limit, from either side,
 * is refused by ws from its header, before its payload is buffered (1009, passed on to the other side); a
 * client sending more frames per second than allowed is closed with 1008 (both sides); a connection is
 * closed after its maximum duration (1001, both sides; the session lives on). Every frame, ping and pong
 * included, counts as session activity, as AgentCore's idle timer does.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { SESSION_STOPPED_CLOSE_CODE } from "@interject/agentcore-sigv4/constants";
import { WebSocket, type WebSocketServer } from "ws";
import { DataPlaneError } from "../errors.ts";
import type { Attachment, CloseFrame, SessionEnding } from "../lifecycle/sessions.ts";
import { FrameRateWindow } from "./frame-rate.ts";
import type { WebSocketLimits } from "./ws-limits.ts";

const HIGH_WATER = 1024 * 1024;
const LOW_WATER = 256 * 1024;
/** How long a close handshake may take before the socket is cut. */
const CLOSE_TIMEOUT_MS = 2000;
/** ws's documented error code for a frame over `maxPayload` (it has already sent 1009 to that peer). */
const TOO_BIG = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";

/** An open upstream socket plus the frames it sent before the client's upgrade was completed. */
export interface OpenUpstream {
  ws: WebSocket;
  /** The TCP socket `ws` writes its frames to (from its upgrade response), so the relay can cork it. */
  socket: Duplex | undefined;
  early: Array<{ data: WebSocket.RawData; isBinary: boolean }>;
  stopBuffering: () => void;
}

export function connectUpstream(
  url: string,
  headers: Record<string, string>,
  protocols: string[],
  maxFrameBytes: number,
): Promise<OpenUpstream> {
  return new Promise((resolve, reject) => {
    const upstream = new WebSocket(url, protocols, {
      headers,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
      skipUTF8Validation: true,
      maxPayload: maxFrameBytes,
    });
    // ws hands the very socket of this response to its frame writer (WebSocket#setSocket, right after this event).
    let socket: Duplex | undefined;
    upstream.once("upgrade", (res) => {
      socket = res.socket;
    });
    upstream.once("open", () => {
      // The agent may speak first (the session hello): keep those frames until the client is attached.
      const early: OpenUpstream["early"] = [];
      const buffer = (data: WebSocket.RawData, isBinary: boolean) => early.push({ data, isBinary });
      upstream.on("message", buffer);
      upstream.pause();
      resolve({ ws: upstream, socket, early, stopBuffering: () => upstream.off("message", buffer) });
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
 * (the syscall per frame was most of the proxy's CPU in the bench). The socket is the one ws was given (see
 * RelayOptions.toSocket), never read from ws's private fields.
 */
function corkUntilNextTick(socket: Duplex | undefined): void {
  if (!socket || socket.writableCorked > 0) return;
  socket.cork();
  process.nextTick(() => socket.uncork());
}

/** Closes both legs (each with its own frame) and resolves once both are closed, cutting them if slow. */
export function closePair(client: WebSocket, upstream: WebSocket, ending: SessionEnding): Promise<void> {
  const legs: Array<[WebSocket, CloseFrame]> = [
    [client, ending.client],
    [upstream, ending.agent],
  ];
  return Promise.all(legs.map(([ws, frame]) => closeLeg(ws, frame))).then(() => {});
}

function closeLeg(ws: WebSocket, frame: CloseFrame): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), CLOSE_TIMEOUT_MS);
    timer.unref();
    ws.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    // A paused socket would never read the peer's close frame.
    ws.resume();
    if (ws.readyState === WebSocket.OPEN) ws.close(frame.code, frame.reason);
  });
}

interface RelayOptions {
  onActivity: () => void;
  /**
   * The stream `to` writes its frames to: the client's socket handed to handleUpgrade, or the upstream's from
   * its upgrade response. Corked until the next tick while frames are relayed; none, no corking.
   */
  toSocket: Duplex | undefined;
  /** Client to agent only: counts inbound frames; called once when there are too many. */
  rate?: { window: FrameRateWindow; exceeded: () => void };
  /**
   * Client to agent only: SESSION_STOPPED_CLOSE_CODE is the runtime's own word to the agent that
   * StopRuntimeSession ended the session, so a client closing with it reaches the agent as a normal 1000.
   */
  reservedClose?: number;
}

function relay(from: WebSocket, to: WebSocket, options: RelayOptions): void {
  const { onActivity, rate } = options;
  let overRate = false;
  const count = (): boolean => {
    if (!rate || overRate) return !overRate;
    if (rate.window.take()) return true;
    overRate = true;
    rate.exceeded();
    return false;
  };
  from.on("ping", () => {
    if (count()) onActivity();
  });
  from.on("pong", () => {
    if (count()) onActivity();
  });
  from.on("message", (data, isBinary) => {
    if (!count()) return;
    onActivity();
    if (to.readyState !== WebSocket.OPEN) return;
    corkUntilNextTick(options.toSocket);
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
      if (code === options.reservedClose) to.close(1000, reason);
      else if (sendable(code)) to.close(code, reason);
      else if (code === 1005) to.close();
      else to.terminate();
    }
  });
  from.on("error", (err: Error & { code?: string }) => {
    // ws refused a frame over the limit from its header and is closing `from` with 1009: tell the other side
    // the same rather than cutting it.
    if (err.code === TOO_BIG && to.readyState === WebSocket.OPEN) to.close(1009, "message too big");
    else to.terminate();
  });
}

export function acceptAndPipe(
  wss: WebSocketServer,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  open: OpenUpstream,
  limits: WebSocketLimits,
  hooks: {
    onActivity: () => void;
    onClosed: () => void;
    register: (attachment: Attachment) => void;
  },
): void {
  const upstream = open.ws;
  wss.handleUpgrade(req, socket, head, (client) => {
    open.stopBuffering();
    for (const { data, isBinary } of open.early) client.send(data, { binary: isBinary });
    upstream.resume();
    const both = (frame: CloseFrame) => void closePair(client, upstream, { client: frame, agent: frame });
    const maxFrames = limits.maxFramesPerSecond;
    relay(client, upstream, {
      onActivity: hooks.onActivity,
      toSocket: open.socket,
      rate: {
        window: new FrameRateWindow(maxFrames),
        exceeded: () => both({ code: 1008, reason: `more than ${maxFrames} frames per second` }),
      },
      reservedClose: SESSION_STOPPED_CLOSE_CODE,
    });
    relay(upstream, client, { onActivity: hooks.onActivity, toSocket: socket });
    hooks.register({ agentSocket: true, end: (ending) => closePair(client, upstream, ending) });
    const cap = setTimeout(
      () => both({ code: 1001, reason: "connection time limit reached" }),
      limits.maxConnectionMs,
    );
    cap.unref();
    let closed = 0;
    const done = () => {
      closed += 1;
      if (closed < 2) return;
      clearTimeout(cap);
      hooks.onClosed();
    };
    client.once("close", done);
    upstream.once("close", done);
  });
}

/**
 * Opens a socket to the agent's /ws (as a proxied connection would) only to close it with `frame`: how the
 * agent of a session with no socket attached hears that the session was stopped.
 */
export async function closeAgentSocket(
  url: string,
  headers: Record<string, string>,
  frame: CloseFrame,
  maxFrameBytes: number,
): Promise<void> {
  const { ws } = await connectUpstream(url, headers, [], maxFrameBytes);
  await closeLeg(ws, frame);
}

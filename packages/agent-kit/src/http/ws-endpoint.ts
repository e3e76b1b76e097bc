/**
 * The `/ws` endpoint: upgrades (permessage-deflate off, 32 KB inbound limit: larger frames close with
 * 1009), binds each socket to its session through a Connection, and pings every socket at an interval,
 * terminating peers that did not answer the previous ping. A socket the runtime closes with 4000 (its
 * runtime session was stopped) revokes the session.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { MAX_INBOUND_FRAME_BYTES } from "@interject/protocol";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import type { Logger } from "../logger.ts";
import { Connection } from "../session/connection.ts";
import type { SessionStore } from "../session/session-store.ts";
import { type AgentSocket, CloseCode } from "../session/socket.ts";
import type { ConnectionLimits } from "./connection-settings.ts";
import { RequestError, readRequestContext } from "./request-context.ts";

export interface WsEndpointOptions {
  store: SessionStore;
  limits: ConnectionLimits;
  pingIntervalMs: number;
  logger: Logger;
}

interface Live {
  alive: boolean;
  connection: Connection | null;
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export class WsEndpoint {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_INBOUND_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  private readonly live = new Map<WebSocket, Live>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: WsEndpointOptions) {
    this.heartbeat = setInterval(() => this.beat(), options.pingIntervalMs);
    this.heartbeat.unref();
  }

  get connections(): number {
    return this.live.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let context: ReturnType<typeof readRequestContext>;
    try {
      context = readRequestContext(req);
    } catch (error) {
      if (error instanceof RequestError) {
        rejectUpgrade(socket, error.status, error.status === 400 ? "Bad Request" : "Error");
        return;
      }
      throw error;
    }
    if (context.path !== "/ws") {
      rejectUpgrade(socket, 404, "Not Found");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, context.sessionId, context.traceLevel));
  }

  private accept(ws: WebSocket, sessionId: string, traceLevel: "milestones" | "full"): void {
    const { logger, store, limits } = this.options;
    const entry: Live = { alive: true, connection: null };
    this.live.set(ws, entry);
    const early: Array<string | Uint8Array> = [];
    const opening = store.open(sessionId);
    ws.on("pong", () => {
      entry.alive = true;
    });
    ws.on("message", (data: RawData, isBinary: boolean) => {
      // A binary frame is refused by the parser with its own code (binary_frame); its bytes are not kept.
      const frame = isBinary ? EMPTY_BINARY_FRAME : rawToString(data);
      if (entry.connection) entry.connection.receive(frame);
      else if (early.length < limits.rateBurst) early.push(frame);
    });
    ws.on("close", (code: number) => {
      this.live.delete(ws);
      entry.connection?.detach();
      logger.debug({ sessionId, code }, "socket closed");
      // The runtime tells the agent this way that StopRuntimeSession ended the session: the session this
      // socket belongs to, never a newer one with the same id (a socket's close can come after the user has
      // reconnected, for example when the agent closed it itself on revoking and the runtime echoed the code).
      if (code === CloseCode.sessionStopped)
        void opening.then(
          (session) => store.revoke(sessionId, session),
          () => undefined,
        );
    });
    ws.on("error", (error: Error) => logger.warn({ sessionId, err: error.message }, "socket error"));
    const socket: AgentSocket = {
      send: (text, done) => ws.send(text, done),
      close: (code, reason) => ws.close(code, reason),
    };
    opening.then(
      (session) => {
        if (ws.readyState !== ws.OPEN) return;
        const connection = new Connection(socket, session, { ...limits, traceLevel });
        entry.connection = connection;
        connection.open();
        logger.info({ sessionId, traceLevel, path: "/ws" }, "socket attached");
        for (const frame of early.splice(0)) connection.receive(frame);
      },
      (error: unknown) => {
        logger.error({ sessionId, err: (error as Error).message }, "session could not be opened");
        ws.close(CloseCode.internalError, "session unavailable; reconnect later");
      },
    );
  }

  private beat(): void {
    for (const [ws, entry] of this.live) {
      if (!entry.alive) {
        this.live.delete(ws);
        entry.connection?.detach();
        ws.terminate();
        continue;
      }
      entry.alive = false;
      ws.ping();
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const [ws, entry] of this.live) {
      entry.connection?.detach();
      ws.close(CloseCode.goingAway, "agent shutting down");
    }
    this.live.clear();
    this.wss.close();
  }
}

const EMPTY_BINARY_FRAME = new Uint8Array(0);

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

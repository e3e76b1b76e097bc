/**
 * The container contract as `BedrockAgentCoreApp` (bedrock-agentcore, Python) serves it under uvicorn, with
 * only `@app.websocket` registered, as in the articles' agent:
 * - `GET /ping`: `{"status":"Healthy","time_of_last_update":<start, unix seconds>}`; with no async tasks the
 *   status never changes, so neither does the time.
 * - `POST /invocations`: no `@app.entrypoint`, so valid JSON gets 500 `{"error":"No entrypoint defined"}` and
 *   invalid JSON 400 `{"error":"Invalid JSON","details":...}`.
 * - WebSocket `/ws`: the articles' handler. Upgrades elsewhere get 403 (Starlette closes before accepting);
 *   other routes 404 and wrong methods 405, as plain text. Frames up to uvicorn's 16 MiB (1009 above),
 *   permessage-deflate offered, and a ping every 20 s to a peer that must answer within the next 20 s.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { handleWebSocket } from "./websocket-handler.ts";

/** uvicorn's `ws_max_size`. */
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** uvicorn's `ws_ping_interval` and `ws_ping_timeout`. */
const PING_INTERVAL_MS = 20_000;

export interface BasicAgentOptions {
  /** Milliseconds between the offline model's words. */
  wordDelayMs: number;
}

export interface BasicAgent {
  readonly server: Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(text);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req as AsyncIterable<Buffer>) parts.push(part);
  return Buffer.concat(parts).toString("utf8");
}

export function createBasicAgent(options: BasicAgentOptions): BasicAgent {
  const startedAt = Math.floor(Date.now() / 1000);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: true });
  const alive = new WeakMap<WebSocket, boolean>();

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/ping") {
      if (req.method !== "GET" && req.method !== "HEAD")
        return plain(res, 405, "Method Not Allowed", { allow: "GET, HEAD" });
      return json(res, 200, { status: "Healthy", time_of_last_update: startedAt });
    }
    if (path === "/invocations") {
      if (req.method !== "POST") return plain(res, 405, "Method Not Allowed", { allow: "POST" });
      readBody(req).then(
        (body) => {
          try {
            JSON.parse(body);
          } catch (error) {
            return json(res, 400, { error: "Invalid JSON", details: (error as Error).message });
          }
          json(res, 500, { error: "No entrypoint defined" });
        },
        () => res.destroy(),
      );
      return;
    }
    plain(res, 404, "Not Found");
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/ws") {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      alive.set(ws, true);
      ws.on("pong", () => alive.set(ws, true));
      handleWebSocket(ws, options.wordDelayMs);
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  heartbeat.unref();

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    close: () =>
      new Promise((resolve) => {
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

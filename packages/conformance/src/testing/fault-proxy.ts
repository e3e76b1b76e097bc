/**
 * Test support: a WebSocket and HTTP proxy in front of a real agent that breaks exactly one behaviour, so that
 * each check can be shown to fail when the agent gets that behaviour wrong. Frames pass through `toClient` and
 * `toAgent`, which may rewrite, drop or add frames; `autoPong: false` leaves WebSocket pings unanswered; `ping`
 * rewrites the container's `GET /ping`. Everything else is relayed unchanged, close codes included.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { SESSION_ID_PARAM } from "@interject/agentcore-sigv4";
import WebSocket, { type RawData, WebSocketServer } from "ws";

export interface Frame {
  text: string;
  binary: boolean;
}

export interface ProxiedConnection {
  /** 1 for the first connection through the proxy, 2 for the next, ... */
  number: number;
  sessionId: string | null;
  /** 1 for the first connection to this session id, 2 for a reconnect, ... */
  sessionConnection: number;
  /** Frames passed to `toClient` so far on this connection, this one included. */
  toClientCount: number;
}

export interface Faults {
  toClient?: (frame: Frame, connection: ProxiedConnection) => Frame[];
  toAgent?: (frame: Frame, connection: ProxiedConnection) => Frame[];
  /** False: WebSocket pings from the client get no pong. */
  autoPong?: boolean;
  /** Rewrites the body of the agent's `GET /ping`. */
  ping?: (body: string) => string;
}

export interface FaultProxy {
  wsUrl: string;
  close(): Promise<void>;
}

const toText = (data: RawData): string =>
  Array.isArray(data) ? Buffer.concat(data).toString("utf8") : Buffer.from(data as Buffer).toString("utf8");

function send(ws: WebSocket, frame: Frame): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(frame.binary ? Buffer.from(frame.text) : frame.text);
}

/** ws refuses to send 1005 and 1006; they mean "no code" and "no close frame". */
function relayClose(ws: WebSocket, code: number, reason: Buffer): void {
  if (code === 1006) ws.terminate();
  else if (code === 1005) ws.close();
  else if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
}

export async function startFaultProxy(agentHttpUrl: string, faults: Faults): Promise<FaultProxy> {
  const upstream = new URL(agentHttpUrl);
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 4 * 1024 * 1024,
    autoPong: faults.autoPong ?? true,
  });
  const sessions = new Map<string, number>();
  let connections = 0;

  const server: Server = createServer((req, res) => {
    fetch(new URL(req.url ?? "/", upstream), { method: req.method ?? "GET" }).then(
      async (answer) => {
        let body = await answer.text();
        if (faults.ping && (req.url ?? "").startsWith("/ping")) body = faults.ping(body);
        res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
        res.end(body);
      },
      () => {
        res.writeHead(502);
        res.end();
      },
    );
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    wss.handleUpgrade(req, socket, head, (client) => {
      const header = req.headers[SESSION_ID_PARAM.toLowerCase()];
      const sessionId = typeof header === "string" ? header : null;
      const sessionConnection = sessionId ? (sessions.get(sessionId) ?? 0) + 1 : 1;
      if (sessionId) sessions.set(sessionId, sessionConnection);
      connections += 1;
      const info: ProxiedConnection = { number: connections, sessionId, sessionConnection, toClientCount: 0 };

      const target = new URL(req.url ?? "/", upstream);
      target.protocol = "ws:";
      const agent = new WebSocket(target, { headers: sessionId ? { [SESSION_ID_PARAM]: sessionId } : {} });
      const early: Frame[] = [];
      agent.on("open", () => {
        for (const frame of early.splice(0)) send(agent, frame);
      });
      agent.on("message", (data: RawData, binary: boolean) => {
        info.toClientCount += 1;
        const frame = { text: toText(data), binary };
        for (const out of faults.toClient ? faults.toClient(frame, info) : [frame]) send(client, out);
      });
      client.on("message", (data: RawData, binary: boolean) => {
        const frame = { text: toText(data), binary };
        for (const out of faults.toAgent ? faults.toAgent(frame, info) : [frame]) {
          if (agent.readyState === WebSocket.CONNECTING) early.push(out);
          else send(agent, out);
        }
      });
      agent.on("close", (code: number, reason: Buffer) => relayClose(client, code, reason));
      client.on("close", (code: number, reason: Buffer) => relayClose(agent, code, reason));
      agent.on("error", () => client.terminate());
      client.on("error", () => agent.terminate());
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

/** Parses a frame's JSON (test faults only look at frames they know). */
export function json(frame: Frame): Record<string, unknown> {
  return JSON.parse(frame.text) as Record<string, unknown>;
}

/** A text frame holding `value`. */
export function frameOf(value: unknown): Frame {
  return { text: JSON.stringify(value), binary: false };
}

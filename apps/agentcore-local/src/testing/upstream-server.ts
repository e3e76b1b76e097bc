/**
 * A small real server that honours the AgentCore container contract (/ping, /ws, /invocations), used by the
 * tests and the bench as the agent behind the proxy. /ws sends a hello describing what it received (headers,
 * query), echoes frames with their type, "stream:<count>:<bytes>" sends that many chunks, "big:<bytes>" one
 * frame of that size, "ping:<ms>" starts pinging the proxy every <ms>, and "close:<code>:<reason>" closes
 * with that code. /invocations streams its answer in three chunks; a body of "hold" gets one chunk and then
 * an answer held open until the caller goes away.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

export interface Upstream {
  url: string;
  port: number;
  server: Server;
  /** What /ping reports. */
  status: "Healthy" | "HealthyBusy";
  /** Request lines and headers of every /ws connection, newest last. */
  connections: Array<{ url: string; headers: IncomingMessage["headers"] }>;
  /** Close codes and reasons the upstream received, in order. */
  closes: Array<{ code: number; reason: string }>;
  /** Text frames received, in order. */
  received: string[];
  /** Invocations whose caller went away before the answer was complete. */
  abandoned: number;
  close(): Promise<void>;
}

export async function startUpstream(port = 0): Promise<Upstream> {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const state: Upstream = {
    url: "",
    port: 0,
    server: undefined as unknown as Server,
    status: "Healthy",
    connections: [],
    closes: [],
    received: [],
    abandoned: 0,
    close: async () => {},
  };
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/ping") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: state.status, time_of_last_update: 1 }));
      return;
    }
    if (req.method === "POST" && req.url?.startsWith("/invocations")) {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        res.writeHead(200, { "content-type": "text/event-stream", "x-upstream": "yes" });
        if (Buffer.concat(chunks).toString() === "hold") {
          res.write("data: holding\n\n");
          res.once("close", () => {
            if (!res.writableFinished) state.abandoned++;
          });
          return;
        }
        const session = String(req.headers["x-amzn-bedrock-agentcore-runtime-session-id"]);
        const parts = [
          `data: session=${session}\n\n`,
          `data: body=${Buffer.concat(chunks).toString()}\n\n`,
          "data: done\n\n",
        ];
        let i = 0;
        const tick = () => {
          const part = parts[i++];
          if (part === undefined) return void res.end();
          res.write(part);
          setTimeout(tick, 5);
        };
        tick();
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  server.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/ws")) return void socket.destroy();
    state.connections.push({ url: req.url, headers: req.headers });
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.send(JSON.stringify({ type: "hello", url: req.url, headers: req.headers, pid: process.pid }));
      let pinger: NodeJS.Timeout | undefined;
      ws.on("close", (code, reason) => {
        clearInterval(pinger);
        state.closes.push({ code, reason: reason.toString() });
      });
      ws.on("message", (data, isBinary) => {
        const text = isBinary ? "" : data.toString();
        if (!isBinary) state.received.push(text);
        const stream = /^stream:(\d+):(\d+)$/.exec(text);
        const close = /^close:(\d+):(.*)$/.exec(text);
        const big = /^big:(\d+)$/.exec(text);
        const ping = /^ping:(\d+)$/.exec(text);
        if (big) ws.send("b".repeat(Number(big[1])));
        else if (ping) {
          clearInterval(pinger);
          pinger = setInterval(() => ws.ping(), Number(ping[1]));
        } else if (stream) {
          const chunk = "x".repeat(Number(stream[2]));
          for (let i = 0; i < Number(stream[1]); i++) ws.send(chunk);
          ws.send("stream-end");
        } else if (close) ws.close(Number(close[1]), close[2]);
        else ws.send(data, { binary: isBinary });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  const bound = (server.address() as AddressInfo).port;
  state.port = bound;
  state.url = `http://127.0.0.1:${bound}`;
  state.server = server;
  state.close = async () => {
    for (const c of wss.clients) c.terminate();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}

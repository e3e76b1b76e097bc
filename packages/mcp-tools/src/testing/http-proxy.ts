/**
 * A real HTTP reverse proxy in front of an MCP server, for the failures and the auth a test needs to see:
 * it forwards requests (streaming answers, SSE included), can answer 502 or a malformed body instead, and can
 * check each request first (a bearer token, a SigV4 signature) and refuse it with 401/403.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "forward" | "bad-gateway" | "malformed";

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Returns a status to refuse the request with, or undefined to let it through. */
export type RequestCheck = (req: ReceivedRequest) => Promise<number | undefined> | number | undefined;

export interface ProxyLogEntry {
  req: ReceivedRequest;
  refused?: number;
  status?: number;
  /** The upstream's answer body as it streams through (an SSE stream grows while it is open). */
  response: string;
}

export interface TestProxy {
  url: string;
  mode: ProxyMode;
  /** Every request received: the status it was refused with, or what the upstream answered (so far). */
  log: ProxyLogEntry[];
  close(): Promise<void>;
}

export async function startProxy(upstream: string, check?: RequestCheck): Promise<TestProxy> {
  const target = new URL(upstream);
  const proxy: TestProxy = { url: "", mode: "forward", log: [], close: async () => {} };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received: ReceivedRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    const entry: ProxyLogEntry = { req: received, response: "" };
    proxy.log.push(entry);
    const refused = await check?.(received);
    if (refused !== undefined) {
      entry.refused = refused;
      res.writeHead(refused, { "content-type": "application/json" }).end('{"error":"refused"}');
      return;
    }
    if (proxy.mode === "bad-gateway") {
      res.writeHead(502, { "content-type": "text/plain" }).end("upstream unavailable");
      return;
    }
    if (proxy.mode === "malformed" && received.method === "POST") {
      res.writeHead(200, { "content-type": "application/json" }).end("{ this is not json");
      return;
    }
    const headers = { ...req.headers, host: target.host };
    delete headers.authorization;
    const upstreamReq = httpRequest(
      { hostname: target.hostname, port: target.port, path: received.url, method: received.method, headers },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode ?? 502;
        res.writeHead(entry.status, upstreamRes.headers);
        upstreamRes.on("data", (chunk: Buffer) => {
          entry.response += chunk.toString("utf8");
        });
        upstreamRes.pipe(res);
      },
    );
    upstreamReq.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    upstreamReq.end(received.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  proxy.url = `http://127.0.0.1:${port}${target.pathname}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

/**
 * The agent's one HTTP server (AgentCore's container contract): `GET /ping`, `POST /invocations`, and the
 * WebSocket upgrade at `/ws`, all on the same port. Errors map once to a JSON `{error: {code, message}}`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type Logger, pathOnly } from "../logger.ts";
import type { SessionStore } from "../session/session-store.ts";
import type { ConnectionLimits } from "./connection-settings.ts";
import type { Health } from "./health.ts";
import { handleInvocation } from "./invocations.ts";
import { RequestError } from "./request-context.ts";
import type { WsEndpoint } from "./ws-endpoint.ts";

export interface HttpDeps {
  store: SessionStore;
  health: Health;
  ws: WsEndpoint;
  limits: ConnectionLimits;
  logger: Logger;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function route(req: IncomingMessage, res: ServerResponse, deps: HttpDeps): Promise<void> {
  const path = pathOnly(req.url);
  if (path === "/ping") {
    if (req.method !== "GET") throw new RequestError(405, "method_not_allowed", "Use GET /ping.");
    sendJson(res, 200, deps.health.ping());
    return;
  }
  if (path === "/invocations") {
    if (req.method !== "POST") throw new RequestError(405, "method_not_allowed", "Use POST /invocations.");
    await handleInvocation(req, res, deps);
    return;
  }
  if (path === "/ws") throw new RequestError(426, "upgrade_required", "/ws is a WebSocket endpoint.");
  throw new RequestError(404, "not_found", `No route for ${path}.`);
}

export function createHttpServer(deps: HttpDeps): Server {
  const server = createServer((req, res) => {
    route(req, res, deps).catch((error: unknown) => {
      if (error instanceof RequestError) {
        sendJson(res, error.status, { error: { code: error.code, message: error.message } });
        return;
      }
      deps.logger.error({ err: (error as Error).message, path: pathOnly(req.url) }, "request failed");
      sendJson(res, 500, { error: { code: "internal", message: "The agent failed; try again." } });
    });
  });
  server.on("upgrade", (req, socket, head) => deps.ws.handleUpgrade(req, socket, head));
  return server;
}

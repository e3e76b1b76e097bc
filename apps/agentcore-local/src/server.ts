/**
 * The local AgentCore data plane: GET /runtimes/{ARN}/ws (WebSocket) and POST /runtimes/{ARN}/invocations.
 * Order for every request: route, Origin, authentication (SigV4 or JWT), served ARN and qualifier, session id;
 * only then is the agent contacted, and only after the agent accepted is the client's upgrade completed.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type CredentialStore, SESSION_ID_PARAM } from "@interject/agentcore-sigv4";
import { WebSocketServer } from "ws";
import { type Authenticated, authenticate } from "./auth/authenticate.ts";
import type { BearerVerifier } from "./auth/jwt.ts";
import { DataPlaneError, writeHttpError, writeSocketError } from "./errors.ts";
import type { AgentPool } from "./lifecycle/agent-pool.ts";
import { type LifecycleSettings, SessionRegistry } from "./lifecycle/sessions.ts";
import type { Logger } from "./logger.ts";
import { assertOrigin } from "./origin.ts";
import { forwardedHeaders, forwardedQuery } from "./proxy/forward.ts";
import { proxyInvocation, readBody } from "./proxy/invocations-proxy.ts";
import { acceptAndPipe, connectUpstream, offeredProtocols } from "./proxy/ws-proxy.ts";
import { assertQualifier, assertServedArn, matchRoute, notFound, type RuntimeRoute } from "./routes.ts";

export interface DataPlaneConfig {
  runtimeArn: string;
  region: string;
  credentials: CredentialStore;
  bearer: BearerVerifier | undefined;
  allowedOrigins: readonly string[];
  lifecycle: LifecycleSettings;
  pool: AgentPool;
  maxInvocationBytes: number;
  logger: Logger;
}

export interface DataPlane {
  server: Server;
  port: number;
  close(): Promise<void>;
}

function validSessionId(auth: Authenticated): string {
  const id = auth.sessionId ?? randomUUID();
  if (id.length < 33 || id.length > 256) {
    throw new DataPlaneError(
      400,
      "ValidationException",
      `${SESSION_ID_PARAM} must be 33 to 256 characters`,
      "bad-session-id",
    );
  }
  return id;
}

function pathOf(url: string | undefined): string {
  // Never log the query string: it holds the signature and maybe a session token.
  return (url ?? "/").split("?")[0] ?? "/";
}

export async function startDataPlane(
  config: DataPlaneConfig,
  port: number,
  host: string,
): Promise<DataPlane> {
  const { logger } = config;
  const sessions = new SessionRegistry(config.lifecycle, config.pool, logger);
  // The client gets the subprotocol the agent chose (or none), never one the proxy picked itself.
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    skipUTF8Validation: true,
    handleProtocols: (_offered, request) => chosenProtocol.get(request) ?? false,
  });
  const authSettings = { credentials: config.credentials, region: config.region, bearer: config.bearer };

  async function admit(req: IncomingMessage, action: RuntimeRoute["action"], body?: Uint8Array) {
    const route = matchRoute(req.url ?? "/");
    if (!route || route.action !== action) throw notFound();
    assertOrigin(req.headers.origin, config.allowedOrigins);
    const auth = await authenticate(req, authSettings, body);
    assertServedArn(route.arn, config.runtimeArn);
    assertQualifier(auth.params);
    return { auth, sessionId: validSessionId(auth) };
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const requestId = randomUUID();
    const log = logger.child({ requestId, path: pathOf(req.url) });
    socket.on("error", () => socket.destroy());
    try {
      const { auth, sessionId } = await admit(req, "ws");
      const target = await sessions.open(sessionId);
      const upstreamUrl = `${target.replace(/^http/, "ws")}/ws?${forwardedQuery(auth.params, sessionId)}`;
      const upstream = await connectUpstream(
        upstreamUrl,
        forwardedHeaders(sessionId, requestId, auth.authorization),
        offeredProtocols(req),
      );
      if (upstream.ws.protocol) chosenProtocol.set(req, upstream.ws.protocol);
      if (socket.destroyed) {
        upstream.ws.terminate();
        return;
      }
      let detach = () => {};
      acceptAndPipe(wss, req, socket, head, upstream, {
        onActivity: () => sessions.touch(sessionId),
        onClosed: () => {
          detach();
          log.info({ sessionId }, "websocket closed");
        },
        register: (close) => {
          detach = sessions.attach(sessionId, close);
        },
      });
      log.info({ sessionId, auth: auth.method }, "websocket connected");
    } catch (err) {
      const e =
        err instanceof DataPlaneError
          ? err
          : new DataPlaneError(500, "InternalServerException", "Internal error");
      if (!(err instanceof DataPlaneError)) log.error({ err }, "upgrade failed");
      else log.info({ status: e.status, reason: e.reason }, "upgrade refused");
      writeSocketError(socket, e, requestId);
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const log = logger.child({ requestId, path: pathOf(req.url) });
    res.setHeader("x-amzn-requestid", requestId);
    try {
      if (req.method === "GET" && pathOf(req.url) === "/ping") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ status: "Healthy" }));
        return;
      }
      const route = matchRoute(req.url ?? "/");
      if (!route) throw notFound();
      if (route.action === "ws") {
        throw new DataPlaneError(
          426,
          "ValidationException",
          "This endpoint requires a WebSocket upgrade",
          "upgrade-required",
        );
      }
      if (req.method !== "POST")
        throw new DataPlaneError(405, "UnknownOperationException", "Method not allowed");
      // Cheap refusals first, so an anonymous client cannot make us buffer a large body.
      assertOrigin(req.headers.origin, config.allowedOrigins);
      if (!req.headers.authorization && !/[?&]X-Amz-Signature=/.test(req.url ?? "")) {
        throw new DataPlaneError(
          403,
          "MissingAuthenticationTokenException",
          "Missing Authentication Token",
          "missing-authentication",
        );
      }
      const body = await readBody(req, config.maxInvocationBytes);
      const { auth, sessionId } = await admit(req, "invocations", body);
      const target = await sessions.open(sessionId);
      sessions.busy(sessionId, 1);
      try {
        await proxyInvocation(
          res,
          target,
          forwardedQuery(auth.params, sessionId),
          body,
          req.headers,
          forwardedHeaders(sessionId, requestId, auth.authorization),
          sessionId,
        );
      } finally {
        sessions.busy(sessionId, -1);
      }
      log.info({ sessionId, status: res.statusCode, auth: auth.method }, "invocation proxied");
    } catch (err) {
      const e =
        err instanceof DataPlaneError
          ? err
          : new DataPlaneError(500, "InternalServerException", "Internal error");
      if (!(err instanceof DataPlaneError)) log.error({ err }, "invocation failed");
      else log.info({ status: e.status, reason: e.reason }, "request refused");
      writeHttpError(res, e, requestId);
    }
  }

  const server = createServer((req, res) => void onRequest(req, res));
  server.on(
    "upgrade",
    (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;

  return {
    server,
    port: bound,
    async close() {
      await sessions.close();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

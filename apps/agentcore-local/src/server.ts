/**
 * The local AgentCore data plane: GET /runtimes/{ARN}/ws (WebSocket), POST /runtimes/{ARN}/invocations and
 * POST /runtimes/{ARN}/stopruntimesession (StopRuntimeSession), for every runtime it serves (each ARN with its
 * own agent and its own sessions, as AWS keeps a session id per runtime). Order for every request: Origin,
 * authentication (SigV4 or JWT; the signature covers the path, so it is checked before the path is looked
 * up: a tampered path is a 403 like any other tampering), then the route, the served ARN (and the signature's
 * Region, the ARN's) and qualifier, the session id; only then is the agent contacted, and only after the agent
 * accepted is the client's upgrade completed.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import {
  type CredentialStore,
  parseRuntimeArn,
  SESSION_ID_MAX,
  SESSION_ID_MIN,
  SESSION_ID_PARAM,
} from "@interject/agentcore-sigv4";
import { WebSocketServer } from "ws";
import { type Authenticated, authenticate, wrongRegion } from "./auth/authenticate.ts";
import type { BearerVerifier } from "./auth/jwt.ts";
import { DataPlaneError, writeHttpError, writeSocketError } from "./errors.ts";
import type { AgentPool } from "./lifecycle/agent-pool.ts";
import { type AgentNotifier, type LifecycleSettings, SessionRegistry } from "./lifecycle/sessions.ts";
import type { Logger } from "./logger.ts";
import { assertOrigin } from "./origin.ts";
import { forwardedHeaders, forwardedQuery } from "./proxy/forward.ts";
import { proxyInvocation, readBody } from "./proxy/invocations-proxy.ts";
import { AGENTCORE_WEBSOCKET_LIMITS, type WebSocketLimits } from "./proxy/ws-limits.ts";
import { acceptAndPipe, closeAgentSocket, connectUpstream, offeredProtocols } from "./proxy/ws-proxy.ts";
import { assertQualifier, assertServedArn, matchRoute, notFound, type RuntimeRoute } from "./routes.ts";
import { stopRuntimeSession } from "./stop-session.ts";

/** One runtime the data plane serves: its ARN, and where its sessions' agents are. */
export interface ServedRuntime {
  arn: string;
  pool: AgentPool;
}

export interface DataPlaneConfig {
  /** At least one; each ARN once. */
  runtimes: readonly ServedRuntime[];
  credentials: CredentialStore;
  bearer: BearerVerifier | undefined;
  allowedOrigins: readonly string[];
  lifecycle: LifecycleSettings;
  maxInvocationBytes: number;
  logger: Logger;
  /** AgentCore's WebSocket limits (the default); tests shorten the connection cap. */
  webSocketLimits?: WebSocketLimits;
}

export interface DataPlane {
  server: Server;
  port: number;
  close(): Promise<void>;
}

function validSessionId(auth: Authenticated): string {
  const id = auth.sessionId ?? randomUUID();
  if (id.length < SESSION_ID_MIN || id.length > SESSION_ID_MAX) {
    throw new DataPlaneError(
      400,
      "ValidationException",
      `${SESSION_ID_PARAM} must be ${SESSION_ID_MIN} to ${SESSION_ID_MAX} characters`,
      "bad-session-id",
    );
  }
  return id;
}

function pathOf(url: string | undefined): string {
  // Never log the query string: it holds the signature and maybe a session token.
  return (url ?? "/").split("?")[0] ?? "/";
}

function refusal(err: unknown, log: Logger, what: string): DataPlaneError {
  if (err instanceof DataPlaneError) {
    log.info({ status: err.status, reason: err.reason }, `${what} refused`);
    return err;
  }
  log.error({ err }, `${what} failed`);
  return new DataPlaneError(500, "InternalServerException", "Internal error");
}

export async function startDataPlane(
  config: DataPlaneConfig,
  port: number,
  host: string,
): Promise<DataPlane> {
  const { logger } = config;
  const limits = config.webSocketLimits ?? AGENTCORE_WEBSOCKET_LIMITS;
  // Each runtime its own sessions: a session id names a session of one runtime, as in AWS.
  const runtimes = new Map(
    config.runtimes.map((r) => [
      r.arn,
      {
        region: parseRuntimeArn(r.arn).region,
        sessions: new SessionRegistry(config.lifecycle, r.pool, logger.child({ runtime: r.arn })),
      },
    ]),
  );
  if (runtimes.size === 0 || runtimes.size !== config.runtimes.length)
    throw new Error("serve at least one runtime, each ARN once");
  // The client gets the subprotocol the agent chose (or none), never one the proxy picked itself.
  const chosenProtocol = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    skipUTF8Validation: true,
    maxPayload: limits.maxFrameBytes,
    handleProtocols: (_offered, request) => chosenProtocol.get(request) ?? false,
  });
  const authSettings = {
    credentials: config.credentials,
    regions: new Set([...runtimes.values()].map((r) => r.region)),
    bearer: config.bearer,
  };

  /** Origin, authentication, then the route, ARN and qualifier (see the header comment for why this order). */
  async function admit(
    req: IncomingMessage,
    body?: Uint8Array,
  ): Promise<{ auth: Authenticated; route: RuntimeRoute; sessions: SessionRegistry }> {
    assertOrigin(req.headers.origin, config.allowedOrigins);
    const auth = await authenticate(req, authSettings, body);
    const route = matchRoute(req.url ?? "/");
    if (!route) throw notFound();
    assertServedArn(route.arn, runtimes.keys());
    const runtime = runtimes.get(route.arn);
    if (!runtime) throw notFound();
    // A runtime is reached at its own Region's endpoint: a signature for another Region does not fit it.
    if (auth.region !== undefined && auth.region !== runtime.region) throw wrongRegion(runtime.region);
    assertQualifier(auth.params);
    return { auth, route, sessions: runtime.sessions };
  }

  /** Tells the agent its session was stopped, on a socket opened for that (the session had none). */
  function notifierFor(auth: Authenticated, sessionId: string, requestId: string): AgentNotifier {
    return (target, frame) =>
      closeAgentSocket(
        `${target.replace(/^http/, "ws")}/ws?${forwardedQuery(auth.params, sessionId)}`,
        forwardedHeaders(sessionId, requestId, auth.authorization),
        frame,
        limits.maxFrameBytes,
      );
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const requestId = randomUUID();
    const log = logger.child({ requestId, path: pathOf(req.url) });
    socket.on("error", () => socket.destroy());
    try {
      const { auth, route, sessions } = await admit(req);
      if (route.action !== "ws") throw notFound();
      const sessionId = validSessionId(auth);
      const target = await sessions.open(sessionId);
      const upstreamUrl = `${target.replace(/^http/, "ws")}/ws?${forwardedQuery(auth.params, sessionId)}`;
      const upstream = await connectUpstream(
        upstreamUrl,
        forwardedHeaders(sessionId, requestId, auth.authorization),
        offeredProtocols(req),
        limits.maxFrameBytes,
      );
      if (upstream.ws.protocol) chosenProtocol.set(req, upstream.ws.protocol);
      if (socket.destroyed) {
        upstream.ws.terminate();
        return;
      }
      let detach = () => {};
      acceptAndPipe(wss, req, socket, head, upstream, limits, {
        onActivity: () => sessions.touch(sessionId),
        onClosed: () => {
          detach();
          log.info({ sessionId }, "websocket closed");
        },
        register: (attachment) => {
          detach = sessions.attach(sessionId, attachment);
        },
      });
      log.info({ sessionId, auth: auth.method }, "websocket connected");
    } catch (err) {
      writeSocketError(socket, refusal(err, log, "upgrade"), requestId);
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
      // The body is signed (its SHA-256), so it is read before the signature can be checked.
      const body = await readBody(req, config.maxInvocationBytes);
      const { auth, route, sessions } = await admit(req, body);
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
      if (route.action === "stop") {
        const sessionId = auth.sessionId;
        await stopRuntimeSession(
          res,
          sessionId,
          body,
          sessions,
          notifierFor(auth, sessionId ?? "", requestId),
        );
        log.info({ sessionId, auth: auth.method }, "runtime session stopped");
        return;
      }
      const sessionId = validSessionId(auth);
      const target = await sessions.open(sessionId);
      sessions.busy(sessionId, 1);
      // StopRuntimeSession ends streaming responses too.
      const detach = sessions.attach(sessionId, {
        agentSocket: false,
        end: async () => {
          res.destroy();
        },
      });
      try {
        if (res.destroyed) return; // stopped between open and attach
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
        detach();
        sessions.busy(sessionId, -1);
      }
      log.info({ sessionId, status: res.statusCode, auth: auth.method }, "invocation proxied");
    } catch (err) {
      writeHttpError(res, refusal(err, log, "request"), requestId);
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
      await Promise.all([...runtimes.values()].map((r) => r.sessions.close()));
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Starts a real data plane in front of a real test upstream, and connects real ws clients to it. */
import {
  BedrockAgentCoreClient,
  StopRuntimeSessionCommand,
  type StopRuntimeSessionCommandOutput,
} from "@aws-sdk/client-bedrock-agentcore";
import { createAgentCorePresigner, LOCAL_RUNTIME, parseRuntimeArn } from "@interject/agentcore-sigv4";
import { pino } from "pino";
import WebSocket from "ws";
import type { BearerVerifier } from "../auth/jwt.ts";
import { type AgentPool, sharedPool } from "../lifecycle/agent-pool.ts";
import type { LifecycleSettings } from "../lifecycle/sessions.ts";
import type { WebSocketLimits } from "../proxy/ws-limits.ts";
import { type DataPlane, startDataPlane } from "../server.ts";

export const KEY = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
export const TEMP = {
  accessKeyId: "ASIAIOSFODNN7EXAMPLE",
  secretAccessKey: "temp/secret+key",
  sessionToken: "the-right-token",
};
export const SID = "6c0f3a1e-2b7d-4f59-a3c8-9d1e5b7a2c40-local";
export const silentLogger = pino({ level: "silent" });

export async function startPlane(opts: {
  agentUrl?: string;
  pool?: AgentPool;
  /** More runtimes beside LOCAL_RUNTIME.arn (served by `pool` or `agentUrl`). */
  runtimes?: ReadonlyArray<{ arn: string; pool: AgentPool }>;
  lifecycle?: Partial<LifecycleSettings>;
  bearer?: BearerVerifier;
  webSocketLimits?: WebSocketLimits;
}): Promise<DataPlane> {
  return startDataPlane(
    {
      runtimes: [
        { arn: LOCAL_RUNTIME.arn, pool: opts.pool ?? sharedPool(opts.agentUrl ?? "http://127.0.0.1:1") },
        ...(opts.runtimes ?? []),
      ],
      credentials: (id) =>
        id === KEY.accessKeyId
          ? { secretAccessKey: KEY.secretAccessKey }
          : id === TEMP.accessKeyId
            ? { secretAccessKey: TEMP.secretAccessKey, sessionToken: TEMP.sessionToken }
            : undefined,
      bearer: opts.bearer,
      allowedOrigins: ["http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:5173"],
      lifecycle: {
        idleTimeoutMs: 900_000,
        maxLifetimeMs: 28_800_000,
        pingIntervalMs: 1000,
        ...opts.lifecycle,
      },
      maxInvocationBytes: 1024 * 1024,
      logger: silentLogger,
      ...(opts.webSocketLimits ? { webSocketLimits: opts.webSocketLimits } : {}),
    },
    0,
    "127.0.0.1",
  );
}

export interface Refused {
  status: number;
  errorType: string | undefined;
  body: { message?: string; reason?: string };
}

/** Opens a WebSocket; resolves with the open socket, or with the HTTP refusal (status, AWS error body). */
export function connect(
  url: string,
  headers: Record<string, string> = {},
  protocols: string[] = [],
): Promise<{ ws: WebSocket; refused?: undefined } | { ws?: undefined; refused: Refused }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers, perMessageDeflate: false });
    // Frames can arrive in the same tick as "open": record them from the start.
    const inbox: string[] = [];
    inboxes.set(ws, inbox);
    ws.on("message", (data) => inbox.push(data.toString()));
    closings.set(
      ws,
      new Promise((r) => ws.once("close", (code, reason) => r({ code, reason: reason.toString() }))),
    );
    ws.once("open", () => resolve({ ws }));
    ws.once("unexpected-response", (_req, res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const errorType = res.headers["x-amzn-errortype"];
        resolve({
          refused: {
            status: res.statusCode ?? 0,
            errorType: typeof errorType === "string" ? errorType : undefined,
            body: JSON.parse(Buffer.concat(chunks).toString() || "{}") as Refused["body"],
          },
        });
      });
    });
    ws.once("error", (err) => reject(err));
  });
}

const inboxes = new WeakMap<WebSocket, string[]>();

/** Takes the frames received so far (and waits for more) until `until` returns true; they leave the inbox. */
export function collect(ws: WebSocket, until: (msgs: string[]) => boolean): Promise<string[]> {
  const inbox = inboxes.get(ws) ?? [];
  return new Promise((resolve) => {
    const check = () => {
      for (let n = 1; n <= inbox.length; n++) {
        const taken = inbox.slice(0, n);
        if (until(taken)) {
          inbox.splice(0, n);
          ws.off("message", onMessage);
          resolve(taken);
          return;
        }
      }
    };
    const onMessage = () => setImmediate(check);
    ws.on("message", onMessage);
    check();
  });
}

const closings = new WeakMap<WebSocket, Promise<{ code: number; reason: string }>>();

/** Resolves with the close code and reason, also when the socket closed before this was called. */
export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return (
    closings.get(ws) ??
    new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })))
  );
}

export function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** A presigned WebSocket URL for the plane, signed by our presigner with KEY (for the ARN's Region unless told). */
export async function presignedUrl(
  plane: DataPlane,
  sessionId = SID,
  runtimeArn: string = LOCAL_RUNTIME.arn,
  region: string = parseRuntimeArn(runtimeArn).region,
): Promise<string> {
  const presigner = createAgentCorePresigner({
    region,
    endpoint: `http://127.0.0.1:${plane.port}`,
    credentials: KEY,
  });
  return (await presigner.presignWebSocketUrl({ runtimeArn, sessionId, expiresIn: 60 })).url;
}

/** Opens a WebSocket through the plane and waits for the agent's hello (which it returns). */
export async function openSession(
  plane: DataPlane,
  sessionId = SID,
  runtimeArn: string = LOCAL_RUNTIME.arn,
): Promise<{ ws: WebSocket; hello: string }> {
  const { ws, refused } = await connect(await presignedUrl(plane, sessionId, runtimeArn));
  if (!ws) throw new Error(`refused: ${JSON.stringify(refused)}`);
  const [hello] = await collect(ws, (m) => m.length === 1);
  return { ws, hello: String(hello) };
}

/** StopRuntimeSession through the AWS SDK's own client, pointed at the plane as the broker does locally. */
export function stopWithSdk(
  plane: DataPlane,
  input: { sessionId?: string; runtimeArn?: string; qualifier?: string; secretAccessKey?: string } = {},
): Promise<StopRuntimeSessionCommandOutput> {
  const client = new BedrockAgentCoreClient({
    region: parseRuntimeArn(input.runtimeArn ?? LOCAL_RUNTIME.arn).region,
    endpoint: `http://127.0.0.1:${plane.port}`,
    credentials: { ...KEY, ...(input.secretAccessKey ? { secretAccessKey: input.secretAccessKey } : {}) },
    maxAttempts: 1,
  });
  return client.send(
    new StopRuntimeSessionCommand({
      agentRuntimeArn: input.runtimeArn ?? LOCAL_RUNTIME.arn,
      runtimeSessionId: input.sessionId ?? SID,
      ...(input.qualifier ? { qualifier: input.qualifier } : {}),
    }),
  );
}

/** The AWS SDK error a call failed with: its name (the x-amzn-errortype) and HTTP status. */
export async function sdkFailure(
  call: Promise<unknown>,
): Promise<{ name: string; status: number | undefined }> {
  try {
    await call;
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return { name: String(e.name), status: e.$metadata?.httpStatusCode };
  }
  throw new Error("the call succeeded");
}

/**
 * A stand-in for AgentCore's StopRuntimeSession, for the broker's tests only (the real local endpoint lives
 * in apps/agentcore-local): a real HTTP server on port 0 that accepts exactly the REST shape the AWS SDK
 * sends (`POST /runtimes/{ARN}/stopruntimesession[?qualifier=]`, the session id header, a JSON body with a
 * clientToken), verifies the SigV4 header signature with @interject/agentcore-sigv4's verifier (in any Region,
 * which it records: agents live in several), records each call, and answers like AWS: 200 `{ statusCode: 200 }` the first time, 404 ResourceNotFoundException for a
 * session already stopped. `behaviour` makes it fail (500) or never answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SESSION_ID_PARAM, verifyAgentCoreRequest } from "@interject/agentcore-sigv4";
import { z } from "zod";

export interface StopCall {
  runtimeArn: string;
  /** The Region the call was signed for (any Region is accepted: agents live in several). */
  region: string;
  sessionId: string;
  qualifier: string | undefined;
  clientToken: string;
  at: number;
}

export interface StopEndpoint {
  url: string;
  /** Every correctly shaped and signed call, in arrival order. */
  calls: StopCall[];
  /** Every refused call, with why. */
  refused: string[];
  behaviour: "answer" | "fail" | "hang";
  /** Resolves once `count` calls have arrived. */
  waitForCalls(count: number): Promise<StopCall[]>;
  close(): Promise<void>;
}

export interface StopEndpointCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

const Body = z.strictObject({ clientToken: z.string().min(1) });
const PATH = /^\/runtimes\/([^/]+)\/stopruntimesession$/;

function error(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { "content-type": "application/json", "x-amzn-errortype": type });
  res.end(JSON.stringify({ message }));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startStopEndpoint(credentials: StopEndpointCredentials): Promise<StopEndpoint> {
  const stopped = new Set<string>();
  const hanging = new Set<ServerResponse>();
  const waiters: Array<() => void> = [];
  const endpoint: StopEndpoint = {
    url: "",
    calls: [],
    refused: [],
    behaviour: "answer",
    waitForCalls: (count) =>
      new Promise((ok) => {
        const check = () => {
          if (endpoint.calls.length >= count) ok(endpoint.calls.slice(0, count));
          else waiters.push(check);
        };
        check();
      }),
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
  const refuse = (res: ServerResponse, status: number, type: string, why: string) => {
    endpoint.refused.push(why);
    error(res, status, type, why);
  };

  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = new URL(req.url ?? "/", "http://stand-in");
    const match = PATH.exec(target.pathname);
    if (req.method !== "POST" || !match?.[1])
      return refuse(res, 404, "UnknownOperationException", "no route");
    const verified = await verifyAgentCoreRequest(
      { method: "POST", url: req.url ?? "/", headers: req.headersDistinct, body },
      {
        credentials: (id) =>
          id === credentials.accessKeyId
            ? {
                secretAccessKey: credentials.secretAccessKey,
                ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
              }
            : undefined,
      },
    );
    if (!verified.ok) return refuse(res, 403, "AccessDeniedException", `signature: ${verified.reason}`);
    if (verified.form !== "header") return refuse(res, 403, "AccessDeniedException", "not header-signed");
    const sessionId = req.headers[SESSION_ID_PARAM.toLowerCase()];
    if (typeof sessionId !== "string") return refuse(res, 400, "ValidationException", "no session id header");
    let parsed: z.infer<typeof Body>;
    try {
      parsed = Body.parse(JSON.parse(body.toString("utf8")));
    } catch {
      return refuse(res, 400, "ValidationException", "body is not { clientToken }");
    }
    const extra = [...target.searchParams.keys()].filter((k) => k !== "qualifier");
    if (extra.length > 0) return refuse(res, 400, "ValidationException", `unexpected query ${extra.join()}`);
    endpoint.calls.push({
      runtimeArn: decodeURIComponent(match[1]),
      region: verified.region,
      sessionId,
      qualifier: target.searchParams.get("qualifier") ?? undefined,
      clientToken: parsed.clientToken,
      at: Date.now(),
    });
    for (const wake of waiters.splice(0)) wake();
    if (endpoint.behaviour === "hang") {
      hanging.add(res);
      return;
    }
    if (endpoint.behaviour === "fail") return error(res, 500, "InternalServerException", "stand-in failure");
    if (stopped.has(sessionId)) return error(res, 404, "ResourceNotFoundException", "session not found");
    stopped.add(sessionId);
    res.writeHead(200, { "content-type": "application/json", [SESSION_ID_PARAM]: sessionId });
    res.end(JSON.stringify({ statusCode: 200 }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return endpoint;
}

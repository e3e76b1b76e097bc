/**
 * Mints presigned AgentCore WebSocket URLs with @interject/agentcore-sigv4, with the credentials of
 * agentcore/credentials.ts (in AWS mode the default provider chain; the signer refuses credentials that
 * expire before the URL would).
 */
import { awsEndpointFor, createAgentCorePresigner, TRACE_LEVEL_PARAM } from "@interject/agentcore-sigv4";
import type { TraceLevel } from "@interject/protocol";
import type { AgentCoreCredentials } from "../agentcore/credentials.ts";
import type { Env } from "../env.ts";

export interface MintedUrl {
  url: string;
  expiresAt: Date;
  sessionId: string;
}

export interface Minter {
  mint(sessionId: string, traceLevel: TraceLevel): Promise<MintedUrl>;
  /** ws:// or wss:// origin of the runtime, for the CSP's connect-src. */
  readonly runtimeOrigin: string;
}

export function runtimeOrigin(env: Pick<Env, "AGENTCORE_ENDPOINT" | "AWS_REGION">): string {
  // The same endpoint the presigner signs for (China regions have their own DNS suffix).
  const base = env.AGENTCORE_ENDPOINT === "aws" ? awsEndpointFor(env.AWS_REGION) : env.AGENTCORE_ENDPOINT;
  const url = new URL(base);
  return `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`;
}

export function createMinter(env: Env, credentials: AgentCoreCredentials): Minter {
  const presigner = createAgentCorePresigner({
    region: env.AWS_REGION,
    endpoint: env.AGENTCORE_ENDPOINT,
    credentials,
  });
  return {
    runtimeOrigin: runtimeOrigin(env),
    mint: (sessionId, traceLevel) =>
      presigner.presignWebSocketUrl({
        runtimeArn: env.AGENTCORE_RUNTIME_ARN,
        ...(env.AGENTCORE_QUALIFIER ? { qualifier: env.AGENTCORE_QUALIFIER } : {}),
        sessionId,
        query: { [TRACE_LEVEL_PARAM]: traceLevel },
        expiresIn: env.INTERJECT_URL_TTL_SECONDS,
      }),
  };
}

/**
 * Mints presigned AgentCore WebSocket URLs with @interject/agentcore-sigv4 for any agent of the registry: each
 * URL is signed for the agent's runtime ARN (and endpoint qualifier) in the agent's Region, with the
 * credentials of agentcore/credentials.ts (in AWS mode the default provider chain; the signer refuses
 * credentials that expire before the URL would). One presigner per Region, made when first needed: a
 * presigner keeps each ARN's checked path, so an agent costs nothing per URL beyond the first.
 */
import {
  type AgentCorePresigner,
  awsEndpointFor,
  createAgentCorePresigner,
  TRACE_LEVEL_PARAM,
} from "@interject/agentcore-sigv4";
import type { TraceLevel } from "@interject/protocol";
import type { AgentCoreCredentials } from "../agentcore/credentials.ts";
import type { AgentTarget } from "../agents/agent-fields.ts";
import type { Env } from "../env.ts";

export interface MintedUrl {
  url: string;
  expiresAt: Date;
  sessionId: string;
}

export interface Minter {
  mint(target: AgentTarget, sessionId: string, traceLevel: TraceLevel): Promise<MintedUrl>;
}

/** The ws:// or wss:// origin URLs for a Region point at, for the CSP's connect-src. */
export function runtimeOrigin(endpoint: Env["AGENTCORE_ENDPOINT"], region: string): string {
  // The same endpoint the presigner signs for (China regions have their own DNS suffix).
  const url = new URL(endpoint === "aws" ? awsEndpointFor(region) : endpoint);
  return `${url.protocol === "https:" ? "wss:" : "ws:"}//${url.host}`;
}

export function createMinter(
  env: Pick<Env, "AGENTCORE_ENDPOINT" | "INTERJECT_URL_TTL_SECONDS">,
  credentials: AgentCoreCredentials,
): Minter {
  const presigners = new Map<string, AgentCorePresigner>();
  const presignerFor = (region: string): AgentCorePresigner => {
    let presigner = presigners.get(region);
    if (!presigner) {
      presigner = createAgentCorePresigner({ region, endpoint: env.AGENTCORE_ENDPOINT, credentials });
      presigners.set(region, presigner);
    }
    return presigner;
  };
  return {
    mint: (target, sessionId, traceLevel) =>
      presignerFor(target.region).presignWebSocketUrl({
        runtimeArn: target.runtimeArn,
        ...(target.qualifier ? { qualifier: target.qualifier } : {}),
        sessionId,
        query: { [TRACE_LEVEL_PARAM]: traceLevel },
        expiresIn: env.INTERJECT_URL_TTL_SECONDS,
      }),
  };
}

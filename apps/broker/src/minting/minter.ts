/**
 * Mints presigned AgentCore WebSocket URLs with @interject/agentcore-sigv4. AWS mode (AGENTCORE_ENDPOINT=aws)
 * signs with the AWS default provider chain, which caches and refreshes temporary credentials; the signer
 * refuses credentials that expire before the URL would. Local mode signs with AWS_ACCESS_KEY_ID/SECRET when
 * set, else with the local key pair shared with agentcore-local.
 */

import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import {
  awsEndpointFor,
  createAgentCorePresigner,
  loadOrCreateLocalCredentials,
  TRACE_LEVEL_PARAM,
} from "@interject/agentcore-sigv4";
import type { TraceLevel } from "@interject/protocol";
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

export async function createMinter(env: Env): Promise<Minter> {
  const credentials =
    env.AGENTCORE_ENDPOINT === "aws"
      ? fromNodeProviderChain()
      : env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          }
        : await loadOrCreateLocalCredentials(env.INTERJECT_DATA_DIR);
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

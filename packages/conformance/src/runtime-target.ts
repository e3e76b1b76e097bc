/**
 * An agent behind an AgentCore runtime (AWS, or apps/agentcore-local): each connection gets its own presigned
 * URL from @interject/agentcore-sigv4 for the session id the check asks for, with the full trace level signed
 * in, exactly as the broker mints them. Credentials: the AWS default chain for the AWS endpoint; otherwise
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set, else the local key pair in the data directory (the one the
 * broker and the local runtime share).
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import {
  AgentCoreSigningError,
  createAgentCorePresigner,
  loadOrCreateLocalCredentials,
  parseRuntimeArn,
  TRACE_LEVEL_PARAM,
} from "@interject/agentcore-sigv4";
import type { Env } from "./env.ts";
import { UsageError } from "./errors.ts";
import type { AgentTarget } from "./target.ts";

export interface RuntimeTargetOptions {
  runtimeArn: string;
  /** "aws" (the regional AgentCore endpoint) or a base URL such as http://127.0.0.1:8790. */
  endpoint: "aws" | string;
  /** Defaults to the ARN's region. */
  region?: string | undefined;
  qualifier?: string | undefined;
}

/** A presigned URL is needed only for the handshake. */
const URL_TTL_SECONDS = 60;

async function credentialsFor(endpoint: string, env: Env) {
  if (endpoint === "aws") return fromNodeProviderChain();
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return loadOrCreateLocalCredentials(env.INTERJECT_DATA_DIR);
}

export async function runtimeTarget(options: RuntimeTargetOptions, env: Env): Promise<AgentTarget> {
  let region: string;
  try {
    region = options.region ?? parseRuntimeArn(options.runtimeArn).region;
    const presigner = createAgentCorePresigner({
      region,
      endpoint: options.endpoint,
      credentials: await credentialsFor(options.endpoint, env),
    });
    const qualifier = options.qualifier ? { qualifier: options.qualifier } : {};
    // Checks every field once, so a typo is a usage error before any check runs.
    await presigner.presignWebSocketUrl({
      runtimeArn: options.runtimeArn,
      ...qualifier,
      sessionId: "conformance-argument-check-0000000000000",
      expiresIn: URL_TTL_SECONDS,
    });
    const where = options.endpoint === "aws" ? `AgentCore in ${region}` : options.endpoint;
    return {
      description: `runtime ${options.runtimeArn}${options.qualifier ? ` (${options.qualifier})` : ""} via ${where}`,
      pingUrl: null,
      connection: async (sessionId) => {
        const { url } = await presigner.presignWebSocketUrl({
          runtimeArn: options.runtimeArn,
          ...qualifier,
          sessionId,
          query: { [TRACE_LEVEL_PARAM]: "full" },
          expiresIn: URL_TTL_SECONDS,
        });
        return { url, headers: {} };
      },
    };
  } catch (error) {
    if (error instanceof AgentCoreSigningError) throw new UsageError(error.message);
    // No credentials in the chain, an unreadable key pair: the run cannot start either way.
    throw new UsageError(`cannot sign URLs for this runtime: ${(error as Error).message}`);
  }
}

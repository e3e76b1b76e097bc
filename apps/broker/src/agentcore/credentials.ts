/**
 * The credentials the broker uses with AgentCore, for presigning URLs and for StopRuntimeSession alike: in
 * AWS mode (AGENTCORE_ENDPOINT=aws) the AWS SDK default provider chain, which caches and refreshes temporary
 * credentials; in local mode AWS_ACCESS_KEY_ID/SECRET when set, else the key pair shared with
 * agentcore-local under the data directory.
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { loadOrCreateLocalCredentials, type PresignerOptions } from "@interject/agentcore-sigv4";
import type { Env } from "../env.ts";

export type AgentCoreCredentials = PresignerOptions["credentials"];

export async function agentCoreCredentials(env: Env): Promise<AgentCoreCredentials> {
  if (env.AGENTCORE_ENDPOINT === "aws") return fromNodeProviderChain();
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  return loadOrCreateLocalCredentials(env.INTERJECT_DATA_DIR);
}

/**
 * What the AWS-facing parts (SigV4 signing, Secrets Manager) need from the caller: credentials (by default
 * the container's default chain), an endpoint override for Secrets Manager (local stand-ins, tests), and the
 * environment to take AWS_REGION from.
 */
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { EnvSource } from "../config/env-reference.ts";

export interface AwsSettings {
  /** Default: fromNodeProviderChain() (environment, web identity, ECS/EC2 role...). */
  credentials?: AwsCredentialIdentityProvider;
  /** Secrets Manager endpoint URL; default the AWS one for the region. */
  secretsManagerEndpoint?: string;
}

/** AWS_REGION, then AWS_DEFAULT_REGION. */
export function regionFromEnv(env: EnvSource): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/**
 * Reads an OAuth client secret: from the environment (resolved with the config) or from AWS Secrets Manager
 * (`GetSecretValue`, a plain string or one key of a JSON object). Kept in memory by the token source.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import type { EnvSource } from "../config/env-reference.ts";
import type { SecretSource } from "../config/server-config.ts";
import { McpAuthError } from "../errors.ts";
import { type AwsSettings, regionFromEnv } from "./aws-settings.ts";

const ARN_REGION = /^arn:[a-z-]+:secretsmanager:([a-z0-9-]+):/;

export type ClientSecretReader = () => Promise<string>;

export function clientSecretReader(
  source: SecretSource,
  aws: AwsSettings,
  env: EnvSource,
): ClientSecretReader {
  if (source.from === "env") return async () => source.value;
  return async () => {
    const region = source.region ?? ARN_REGION.exec(source.secretId)?.[1] ?? regionFromEnv(env);
    if (!region) {
      throw new McpAuthError(
        `no region for Secrets Manager secret ${source.secretId}: give clientSecretFromSecretsManager.region or set AWS_REGION`,
      );
    }
    const client = new SecretsManagerClient({
      region,
      credentials: aws.credentials ?? fromNodeProviderChain(),
      ...(aws.secretsManagerEndpoint === undefined ? {} : { endpoint: aws.secretsManagerEndpoint }),
    });
    let secretString: string | undefined;
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: source.secretId }));
      secretString = out.SecretString;
    } catch (err) {
      throw new McpAuthError(
        `Secrets Manager GetSecretValue(${source.secretId}) failed: ${(err as Error).message}`,
      );
    } finally {
      client.destroy();
    }
    if (secretString === undefined) {
      throw new McpAuthError(`Secrets Manager secret ${source.secretId} has no SecretString`);
    }
    if (source.jsonKey === undefined) return secretString;
    let parsed: unknown;
    try {
      parsed = JSON.parse(secretString);
    } catch {
      throw new McpAuthError(
        `Secrets Manager secret ${source.secretId} is not a JSON object (jsonKey is set)`,
      );
    }
    const value =
      typeof parsed === "object" && parsed !== null
        ? (parsed as Record<string, unknown>)[source.jsonKey]
        : undefined;
    if (typeof value !== "string" || value === "") {
      throw new McpAuthError(`Secrets Manager secret ${source.secretId} has no string "${source.jsonKey}"`);
    }
    return value;
  };
}

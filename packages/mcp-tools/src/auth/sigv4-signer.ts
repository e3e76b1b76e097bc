/**
 * Signs each HTTP request to an MCP server with SigV4 (@smithy/signature-v4, SHA-256 from @smithy/hash-node):
 * how AgentCore Gateway's IAM inbound auth is reached. Signs the host, the headers the MCP transport sets and
 * the body's hash; credentials come from the container's default chain unless the caller gives others.
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { EnvSource } from "../config/env-reference.ts";
import type { SigV4Auth } from "../config/server-config.ts";
import { McpAuthError } from "../errors.ts";
import { type AwsSettings, regionFromEnv } from "./aws-settings.ts";

/** `<gateway id>.gateway.bedrock-agentcore.<region>.amazonaws.com` (and .com.cn). */
const GATEWAY_HOST = /\.bedrock-agentcore\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

export type RequestSigner = (
  url: URL,
  method: string,
  headers: Headers,
  body: string | undefined,
) => Promise<Headers>;

export function resolveSigV4Region(config: SigV4Auth, url: URL, env: EnvSource): string {
  const region = config.region ?? GATEWAY_HOST.exec(url.hostname)?.[1] ?? regionFromEnv(env);
  if (!region) {
    throw new McpAuthError(
      "no region to sign for: set interject.auth.region, or AWS_REGION, or use the Gateway's AWS URL",
    );
  }
  return region;
}

export function createSigV4Signer(config: SigV4Auth, region: string, aws: AwsSettings): RequestSigner {
  const signer = new SignatureV4({
    service: config.service,
    region,
    credentials: aws.credentials ?? fromNodeProviderChain(),
    sha256: Hash.bind(null, "sha256"),
    uriEscapePath: true,
  });
  return async (url, method, headers, body) => {
    const unsigned: Record<string, string> = { host: url.host };
    headers.forEach((value, name) => {
      unsigned[name] = value;
    });
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const request = new HttpRequest({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === "" ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query,
      headers: unsigned,
      ...(body === undefined ? {} : { body }),
    });
    let signed: HttpRequest;
    try {
      signed = (await signer.sign(request)) as HttpRequest;
    } catch (err) {
      throw new McpAuthError(`SigV4 signing failed (no AWS credentials?): ${(err as Error).message}`);
    }
    const out = new Headers();
    for (const [name, value] of Object.entries(signed.headers)) {
      // fetch sets Host itself, to the same url.host that was signed.
      if (name.toLowerCase() !== "host") out.set(name, value);
    }
    return out;
  };
}

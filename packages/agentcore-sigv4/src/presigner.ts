/**
 * Presigned (query) and header-signed AgentCore WebSocket connections, built with @smithy/signature-v4.
 * The URL is serialised in botocore's order (operation parameters, then X-Amz-Algorithm, -Credential, -Date,
 * -Expires, -SignedHeaders, -Security-Token, -Signature) so it is byte-identical to the Python SDK's.
 */
import { HttpRequest } from "@smithy/protocol-http";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { AGENTCORE_SERVICE, SESSION_ID_PARAM } from "./constants.ts";
import { AgentCoreSigningError } from "./errors.ts";
import { checkPresignInput, type PresignInput } from "./presign-input.ts";
import { assertRegion, awsEndpointFor } from "./runtime-arn.ts";
import { createSmithySigner, serializeQuery, sigv4Escape } from "./smithy-signer.ts";

export interface PresignerOptions {
  region: string;
  /** "aws" (default): https://bedrock-agentcore.<region>.amazonaws.com; or a base URL such as http://127.0.0.1:8790 */
  endpoint?: "aws" | string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  now?: () => Date;
}

export interface PresignedConnection {
  url: string;
  expiresAt: Date;
  sessionId: string;
}

export interface HeaderSignedConnection {
  url: string;
  headers: Record<string, string>;
}

export interface AgentCorePresigner {
  presignWebSocketUrl(input: PresignInput): Promise<PresignedConnection>;
  signWebSocketHeaders(input: PresignInput): Promise<HeaderSignedConnection>;
}

const AUTH_PARAMS = [
  "X-Amz-Algorithm",
  "X-Amz-Credential",
  "X-Amz-Date",
  "X-Amz-Expires",
  "X-Amz-SignedHeaders",
  "X-Amz-Security-Token",
  "X-Amz-Signature",
] as const;

interface Base {
  hostname: string;
  port: number | undefined;
  host: string;
  pathPrefix: string;
  wsScheme: "ws" | "wss";
}

function parseEndpoint(endpoint: string, region: string): Base {
  let url: URL;
  try {
    url = new URL(endpoint === "aws" ? awsEndpointFor(region) : endpoint);
  } catch {
    throw new AgentCoreSigningError("endpoint", 'expected "aws" or a base URL such as http://127.0.0.1:8790');
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash || url.username) {
    throw new AgentCoreSigningError(
      "endpoint",
      "expected an http(s) base URL without query, fragment or user",
    );
  }
  return {
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    host: url.host,
    pathPrefix: url.pathname.replace(/\/+$/, ""),
    wsScheme: url.protocol === "https:" ? "wss" : "ws",
  };
}

function toProvider(c: AwsCredentialIdentity | AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  if (typeof c === "function") return c;
  if (!c || typeof c.accessKeyId !== "string" || typeof c.secretAccessKey !== "string") {
    throw new AgentCoreSigningError("credentials", "expected { accessKeyId, secretAccessKey } or a provider");
  }
  return () => Promise.resolve(c);
}

export function createAgentCorePresigner(opts: PresignerOptions): AgentCorePresigner {
  assertRegion(opts.region);
  const region = opts.region;
  const base = parseEndpoint(opts.endpoint ?? "aws", region);
  const provider = toProvider(opts.credentials);
  const now = opts.now ?? (() => new Date());
  // One signer per credentials object (static keys and memoised providers return the same object every
  // time, so in practice one signer for the presigner's life): smithy caches the derived signing key per
  // day, and the signer signs with exactly the credentials whose expiry was checked, even when a provider
  // refreshes them between two concurrent calls.
  const signers = new WeakMap<AwsCredentialIdentity, ReturnType<typeof createSmithySigner>>();
  const signerFor = (creds: AwsCredentialIdentity) => {
    let signer = signers.get(creds);
    if (!signer) {
      signer = createSmithySigner({ credentials: creds, region, service: AGENTCORE_SERVICE });
      signers.set(creds, signer);
    }
    return signer;
  };

  async function checkedCredentials(signingDate: Date, expiresIn: number) {
    const creds = await provider();
    if (!creds?.accessKeyId || !creds.secretAccessKey) {
      throw new AgentCoreSigningError("credentials", "the credential provider returned no key pair");
    }
    if (creds.expiration && creds.expiration.getTime() < signingDate.getTime() + expiresIn * 1000) {
      throw new AgentCoreSigningError(
        "credentials",
        `the credentials expire at ${creds.expiration.toISOString()}, before the URL would (${expiresIn} s)`,
      );
    }
    return signerFor(creds);
  }

  function build(input: PresignInput, withSessionParam: boolean) {
    checkPresignInput(input, region);
    const pairs: Array<[string, string]> = [];
    if (input.qualifier !== undefined) pairs.push(["qualifier", input.qualifier]);
    for (const [k, v] of Object.entries(input.query ?? {})) pairs.push([k, v]);
    if (withSessionParam) pairs.push([SESSION_ID_PARAM, input.sessionId]);
    const path = `${base.pathPrefix}/runtimes/${sigv4Escape(input.runtimeArn)}/ws`;
    const request = new HttpRequest({
      method: "GET",
      protocol: "https:",
      hostname: base.hostname,
      ...(base.port === undefined ? {} : { port: base.port }),
      path,
      query: Object.fromEntries(pairs),
      headers: { host: base.host },
    });
    return { pairs, path, request };
  }

  return {
    async presignWebSocketUrl(input) {
      const signingDate = now();
      const { pairs, path, request } = build(input, true);
      const signer = await checkedCredentials(signingDate, input.expiresIn);
      const signed = await signer.presign(request, { expiresIn: input.expiresIn, signingDate });
      const all = [...pairs];
      for (const name of AUTH_PARAMS) {
        const value = signed.query?.[name];
        if (typeof value === "string") all.push([name, value]);
      }
      return {
        url: `${base.wsScheme}://${base.host}${path}?${serializeQuery(all)}`,
        expiresAt: new Date(signingDate.getTime() + input.expiresIn * 1000),
        sessionId: input.sessionId,
      };
    },

    async signWebSocketHeaders(input) {
      const signingDate = now();
      const { pairs, path, request } = build(input, false);
      const signer = await checkedCredentials(signingDate, input.expiresIn);
      request.headers[SESSION_ID_PARAM] = input.sessionId;
      const signed = await signer.sign(request, { signingDate });
      const headers: Record<string, string> = {
        Authorization: String(signed.headers.authorization),
        "X-Amz-Date": String(signed.headers["x-amz-date"]),
        [SESSION_ID_PARAM]: input.sessionId,
      };
      const token = signed.headers["x-amz-security-token"];
      if (typeof token === "string") headers["X-Amz-Security-Token"] = token;
      const query = pairs.length > 0 ? `?${serializeQuery(pairs)}` : "";
      return { url: `${base.wsScheme}://${base.host}${path}${query}`, headers };
    },
  };
}

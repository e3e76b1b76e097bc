/**
 * Presigned (query) and header-signed AgentCore WebSocket connections, built with @smithy/signature-v4.
 * The URL is serialised in botocore's order (operation parameters, then X-Amz-Algorithm, -Credential, -Date,
 * -Expires, -SignedHeaders, -Security-Token, -Signature) so it is byte-identical to the Python SDK's.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, HttpRequest } from "@smithy/types";
import { AGENTCORE_SERVICE, SESSION_ID_PARAM } from "./constants.ts";
import { AgentCoreSigningError } from "./errors.ts";
import { checkPresignFields, checkRuntimeArn, type PresignInput } from "./presign-input.ts";
import { assertRegion, awsEndpointFor } from "./runtime-arn.ts";
import { createSmithySigner, sigv4Escape } from "./smithy-signer.ts";

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

/** How many runtime ARNs a presigner remembers as checked, with their URL path (a deployment has a few). */
const MAX_CACHED_ARNS = 256;

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

function checkStatic(c: AwsCredentialIdentity): AwsCredentialIdentity {
  if (!c || typeof c.accessKeyId !== "string" || typeof c.secretAccessKey !== "string") {
    throw new AgentCoreSigningError("credentials", "expected { accessKeyId, secretAccessKey } or a provider");
  }
  return c;
}

export function createAgentCorePresigner(opts: PresignerOptions): AgentCorePresigner {
  assertRegion(opts.region);
  const region = opts.region;
  const base = parseEndpoint(opts.endpoint ?? "aws", region);
  const origin = `${base.wsScheme}://${base.host}`;
  const provider = typeof opts.credentials === "function" ? opts.credentials : undefined;
  const staticCredentials =
    typeof opts.credentials === "function" ? undefined : checkStatic(opts.credentials);
  const now = opts.now ?? (() => new Date());
  // One signer per credentials object (static keys and memoised providers return the same object every
  // time, so in practice one signer for the presigner's life): smithy caches the derived signing key per
  // day, and the signer signs with exactly the credentials whose expiry was checked, even when a provider
  // refreshes them between two concurrent calls.
  const signers = new WeakMap<AwsCredentialIdentity, ReturnType<typeof createSmithySigner>>();

  function signerFor(creds: AwsCredentialIdentity | undefined, signingDate: Date, expiresIn: number) {
    if (!creds?.accessKeyId || !creds.secretAccessKey) {
      throw new AgentCoreSigningError("credentials", "the credential provider returned no key pair");
    }
    if (creds.expiration && creds.expiration.getTime() < signingDate.getTime() + expiresIn * 1000) {
      throw new AgentCoreSigningError(
        "credentials",
        `the credentials expire at ${creds.expiration.toISOString()}, before the URL would (${expiresIn} s)`,
      );
    }
    let signer = signers.get(creds);
    if (!signer) {
      signer = createSmithySigner({
        credentials: creds,
        region,
        service: AGENTCORE_SERVICE,
        longLived: true,
      });
      signers.set(creds, signer);
    }
    return signer;
  }

  // Only a provider is awaited; static keys are used as they are (one microtask turn less per URL).
  const providedSigner = async (
    provide: AwsCredentialIdentityProvider,
    signingDate: Date,
    expiresIn: number,
  ) => signerFor(await provide(), signingDate, expiresIn);

  // The ARN is the same for most calls (one runtime per deployment): its check and its escaped path are
  // kept, so each call checks only what varies. A bad ARN is never kept, so it fails every time.
  const paths = new Map<string, string>();
  function pathFor(runtimeArn: string): string {
    let path = paths.get(runtimeArn);
    if (path === undefined) {
      checkRuntimeArn(runtimeArn, region);
      path = `${base.pathPrefix}/runtimes/${sigv4Escape(runtimeArn)}/ws`;
      if (paths.size >= MAX_CACHED_ARNS) paths.clear();
      paths.set(runtimeArn, path);
    }
    return path;
  }

  // Each signed value is escaped as it is written. The algorithm, credential scope (daily), expiry, signed
  // headers and session token (about a kilobyte, per refresh) repeat from one URL to the next, so the last
  // raw and escaped value of each parameter is kept.
  const lastRaw: Array<string | undefined> = AUTH_PARAMS.map(() => undefined);
  const lastEscaped: string[] = AUTH_PARAMS.map(() => "");
  function authQuery(signed: HttpRequest): string {
    const query = signed.query ?? {};
    let out = "";
    for (let i = 0; i < AUTH_PARAMS.length; i++) {
      const name = AUTH_PARAMS[i] as (typeof AUTH_PARAMS)[number];
      const value = query[name];
      if (typeof value !== "string") continue;
      if (lastRaw[i] !== value) {
        lastEscaped[i] = sigv4Escape(value);
        lastRaw[i] = value;
      }
      out += `&${name}=${lastEscaped[i]}`;
    }
    return out;
  }

  /** The request for smithy and the operation's own query string (escaped, in order), after the checks. */
  function build(input: PresignInput, withSessionParam: boolean) {
    const path = pathFor(input.runtimeArn);
    checkPresignFields(input);
    // Own properties even for a name such as "__proto__", as Object.fromEntries would make them.
    const query: Record<string, string> = Object.create(null);
    const parts: string[] = [];
    if (input.qualifier !== undefined) {
      query.qualifier = input.qualifier;
      parts.push(`qualifier=${sigv4Escape(input.qualifier)}`);
    }
    const extra = input.query;
    if (extra != null) {
      for (const key of Object.keys(extra)) {
        const value = extra[key] as string;
        query[key] = value;
        parts.push(`${sigv4Escape(key)}=${sigv4Escape(value)}`);
      }
    }
    if (withSessionParam) {
      query[SESSION_ID_PARAM] = input.sessionId;
      parts.push(`${SESSION_ID_PARAM}=${sigv4Escape(input.sessionId)}`);
    }
    const search = parts.join("&");
    // A plain object in HttpRequest's shape: smithy clones what it is given before changing anything.
    const request: HttpRequest = {
      method: "GET",
      protocol: "https:",
      hostname: base.hostname,
      port: base.port,
      path,
      query,
      headers: { host: base.host },
    };
    return { path, search, request };
  }

  return {
    async presignWebSocketUrl(input) {
      const signingDate = now();
      const { path, search, request } = build(input, true);
      const signer = provider
        ? await providedSigner(provider, signingDate, input.expiresIn)
        : signerFor(staticCredentials, signingDate, input.expiresIn);
      const signed = await signer.presign(request, {
        expiresIn: input.expiresIn,
        signingDate,
        signingRegion: region, // the region is fixed: saves smithy awaiting its region provider
      });
      return {
        url: `${origin}${path}?${search}${authQuery(signed)}`,
        expiresAt: new Date(signingDate.getTime() + input.expiresIn * 1000),
        sessionId: input.sessionId,
      };
    },

    async signWebSocketHeaders(input) {
      const signingDate = now();
      const { path, search, request } = build(input, false);
      const signer = provider
        ? await providedSigner(provider, signingDate, input.expiresIn)
        : signerFor(staticCredentials, signingDate, input.expiresIn);
      request.headers[SESSION_ID_PARAM] = input.sessionId;
      const signed = await signer.sign(request, { signingDate });
      const headers: Record<string, string> = {
        Authorization: String(signed.headers.authorization),
        "X-Amz-Date": String(signed.headers["x-amz-date"]),
        [SESSION_ID_PARAM]: input.sessionId,
      };
      const token = signed.headers["x-amz-security-token"];
      if (typeof token === "string") headers["X-Amz-Security-Token"] = token;
      return { url: `${origin}${path}${search === "" ? "" : `?${search}`}`, headers };
    },
  };
}

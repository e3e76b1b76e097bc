/**
 * Decides who a request is before anything is proxied: SigV4 (presigned query or Authorization header,
 * checked by @interject/agentcore-sigv4 against the credential store) or, when configured, a bearer JWT.
 * Throws a DataPlaneError; never logs the query string or the credentials.
 */
import type { IncomingMessage } from "node:http";
import {
  AGENTCORE_SERVICE,
  type CredentialStore,
  SESSION_ID_PARAM,
  verifyAgentCoreRequest,
} from "@interject/agentcore-sigv4";
import { DataPlaneError } from "../errors.ts";
import type { BearerVerifier } from "./jwt.ts";
import { sigv4Error } from "./sigv4-errors.ts";

export interface Authenticated {
  method: "sigv4-query" | "sigv4-header" | "jwt";
  /** The Region the SigV4 signature is scoped to (undefined for a JWT). */
  region: string | undefined;
  sessionId: string | undefined;
  /** Client query parameters to forward (SigV4's own X-Amz-* removed). */
  params: Array<[string, string]>;
  /** Forwarded to the agent only for JWT, as AgentCore does. */
  authorization: string | undefined;
}

export interface AuthSettings {
  credentials: CredentialStore;
  /** The Regions of the served runtimes: a signature must be scoped to one of them. */
  regions: ReadonlySet<string>;
  bearer: BearerVerifier | undefined;
}

/** AWS's answer to a signature scoped to a Region the endpoint does not serve. */
export function wrongRegion(expected: string): DataPlaneError {
  return new DataPlaneError(
    403,
    "InvalidSignatureException",
    `credential should be scoped to a valid region: '${expected}'`,
    "wrong-region",
  );
}

function clientParams(url: string): Array<[string, string]> {
  const q = url.indexOf("?");
  if (q === -1) return [];
  try {
    return [...new URLSearchParams(url.slice(q + 1))];
  } catch {
    return [];
  }
}

function headerSession(req: IncomingMessage): string | undefined {
  const v = req.headers[SESSION_ID_PARAM.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export async function authenticate(
  req: IncomingMessage,
  settings: AuthSettings,
  body?: Uint8Array,
): Promise<Authenticated> {
  const url = req.url ?? "/";
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Bearer ")) {
    if (!settings.bearer) {
      throw new DataPlaneError(
        403,
        "AccessDeniedException",
        "Bearer tokens are not accepted by this runtime",
        "jwt-not-configured",
      );
    }
    await settings.bearer(authorization.slice(7).trim());
    const params = clientParams(url);
    return {
      method: "jwt",
      region: undefined,
      sessionId: headerSession(req) ?? params.find(([k]) => k === SESSION_ID_PARAM)?.[1],
      params,
      authorization,
    };
  }
  // With one Region the verifier checks the scope itself (as AWS's regional endpoint does); with several the
  // scope must name one of them, and the runtime asked for must be in that one (checked once it is known).
  const [only, ...others] = settings.regions;
  const result = await verifyAgentCoreRequest(
    {
      method: req.method ?? "GET",
      url,
      headers: req.headersDistinct,
      ...(body === undefined ? {} : { body }),
    },
    {
      credentials: settings.credentials,
      ...(others.length === 0 && only !== undefined ? { region: only } : {}),
      service: AGENTCORE_SERVICE,
    },
  );
  if (!result.ok) throw sigv4Error(result);
  if (!settings.regions.has(result.region)) throw wrongRegion([...settings.regions].join("' or '"));
  return {
    method: result.form === "query" ? "sigv4-query" : "sigv4-header",
    region: result.region,
    sessionId: result.sessionId,
    params: result.params,
    authorization: undefined,
  };
}

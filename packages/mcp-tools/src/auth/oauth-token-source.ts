/**
 * Bearer tokens for a Streamable HTTP server by the OAuth client-credentials grant (how AgentCore Gateway's
 * Cognito or other JWT authorizers are reached). The token request itself is the SDK's (`fetchToken` with its
 * `ClientCredentialsProvider`), sent straight to the configured token URL. A token is kept until shortly
 * before it expires (a quarter of its lifetime, at most a minute), then fetched again; concurrent requests
 * share one fetch; a token the server refused is dropped so the next request fetches a fresh one.
 */

import { fetchToken } from "@modelcontextprotocol/sdk/client/auth.js";
import { ClientCredentialsProvider } from "@modelcontextprotocol/sdk/client/auth-extensions.js";
import type { OAuthClientCredentials } from "../config/server-config.ts";
import { McpAuthError } from "../errors.ts";
import type { ClientSecretReader } from "./client-secret.ts";

const MAX_MARGIN_MS = 60_000;

interface CachedToken {
  value: string;
  /** When to fetch a new one (before it expires); undefined when the server gave no lifetime. */
  refreshAt: number | undefined;
}

export interface TokenSource {
  token(): Promise<string>;
  /** The server refused this token: forget it (a newer one is kept). */
  invalidate(token: string): void;
}

export function createOAuthTokenSource(
  config: OAuthClientCredentials,
  readSecret: ClientSecretReader,
  now: () => number = Date.now,
): TokenSource {
  let cached: CachedToken | undefined;
  let pending: Promise<string> | undefined;
  let secret: string | undefined;
  const issuer = config.tokenUrl.origin;

  async function fetchNew(): Promise<string> {
    secret ??= await readSecret();
    const provider = new ClientCredentialsProvider({
      clientId: config.clientId,
      clientSecret: secret,
      expectedIssuer: issuer,
      ...(config.scope === undefined ? {} : { scope: config.scope }),
    });
    const startedAt = now();
    let tokens: Awaited<ReturnType<typeof fetchToken>>;
    try {
      tokens = await fetchToken(provider, issuer, {
        metadata: {
          issuer,
          token_endpoint: config.tokenUrl.href,
          authorization_endpoint: config.tokenUrl.href,
          response_types_supported: ["token"],
          grant_types_supported: ["client_credentials"],
          token_endpoint_auth_methods_supported: [config.tokenEndpointAuthMethod],
        },
      });
    } catch (err) {
      // A rotated secret (Secrets Manager) is read again on the next attempt.
      secret = undefined;
      throw new McpAuthError(
        `token request to ${config.tokenUrl.origin}${config.tokenUrl.pathname} failed: ${(err as Error).message}`,
      );
    }
    const lifetimeMs = tokens.expires_in !== undefined ? tokens.expires_in * 1000 : undefined;
    cached = {
      value: tokens.access_token,
      refreshAt:
        lifetimeMs === undefined
          ? undefined
          : startedAt + lifetimeMs - Math.min(MAX_MARGIN_MS, lifetimeMs / 4),
    };
    return tokens.access_token;
  }

  return {
    token() {
      if (cached && (cached.refreshAt === undefined || now() < cached.refreshAt))
        return Promise.resolve(cached.value);
      pending ??= fetchNew().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.value === token) cached = undefined;
    },
  };
}

/**
 * OpenID Connect sign-in with openid-client: authorization code + PKCE (S256), state and nonce, for
 * Cognito, Okta, Entra and the like. The provider's metadata is discovered on first use and cached; the
 * state, verifier and nonce of a sign-in in progress live in the database for ten minutes.
 */

import { eq, lt } from "drizzle-orm";
import * as client from "openid-client";
import type { Db } from "../db/open.ts";
import { oidcStates } from "../db/schema.ts";
import type { Env } from "../env.ts";

const STATE_TTL_MS = 10 * 60_000;

export interface OidcIdentity {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  admin: boolean;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  redirectUrl: string;
  scopes: string;
  adminClaim: string | undefined;
  adminValue: string | undefined;
  allowHttp: boolean;
}

export function oidcSettings(env: Env): OidcSettings | undefined {
  if (!env.INTERJECT_OIDC_ISSUER || !env.INTERJECT_OIDC_CLIENT_ID || !env.INTERJECT_OIDC_REDIRECT_URL)
    return undefined;
  return {
    issuer: env.INTERJECT_OIDC_ISSUER,
    clientId: env.INTERJECT_OIDC_CLIENT_ID,
    clientSecret: env.INTERJECT_OIDC_CLIENT_SECRET,
    redirectUrl: env.INTERJECT_OIDC_REDIRECT_URL,
    scopes: env.INTERJECT_OIDC_SCOPES,
    adminClaim: env.INTERJECT_OIDC_ADMIN_CLAIM,
    adminValue: env.INTERJECT_OIDC_ADMIN_VALUE,
    allowHttp: env.INTERJECT_OIDC_ALLOW_HTTP,
  };
}

/** Whether a claim grants admin: equal to the value, or containing it when the claim is a list (groups). */
export function claimGrantsAdmin(claim: unknown, value: string | undefined): boolean {
  if (claim === undefined || claim === null) return false;
  if (Array.isArray(claim)) return value !== undefined && claim.some((v) => String(v) === value);
  if (value === undefined) return claim === true || claim === "true";
  return String(claim) === value;
}

export class Oidc {
  private config: Promise<client.Configuration> | undefined;

  constructor(
    private readonly s: OidcSettings,
    private readonly db: Db,
  ) {}

  private configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(new URL(this.s.issuer), this.s.clientId, this.s.clientSecret, undefined, {
        ...(this.s.allowHttp ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((err: unknown) => {
        this.config = undefined; // try discovery again next time
        throw err;
      });
    return this.config;
  }

  /** Starts a sign-in: returns the provider URL and the state to bind to the browser. */
  async start(): Promise<{ url: string; state: string }> {
    const config = await this.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await this.db.delete(oidcStates).where(lt(oidcStates.expiresAt, new Date()));
    await this.db
      .insert(oidcStates)
      .values({ state, codeVerifier, nonce, expiresAt: new Date(Date.now() + STATE_TTL_MS) });
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.s.redirectUrl,
      scope: this.s.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /** Finishes a sign-in from the callback's query string; throws on any mismatch. */
  async finish(search: string, state: string): Promise<OidcIdentity> {
    const [row] = await this.db.delete(oidcStates).where(eq(oidcStates.state, state)).returning();
    if (!row || row.expiresAt.getTime() < Date.now()) throw new Error("unknown or expired sign-in state");
    const config = await this.configuration();
    const current = new URL(this.s.redirectUrl);
    current.search = search;
    const tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: row.codeVerifier,
      expectedState: row.state,
      expectedNonce: row.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("the provider returned no ID token");
    const email = typeof claims.email === "string" ? claims.email : undefined;
    const name = typeof claims.name === "string" ? claims.name : undefined;
    return {
      subject: `${claims.iss} ${claims.sub}`,
      email,
      emailVerified: claims.email_verified === true,
      name,
      admin: this.s.adminClaim ? claimGrantsAdmin(claims[this.s.adminClaim], this.s.adminValue) : false,
    };
  }
}

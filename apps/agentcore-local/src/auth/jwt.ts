/**
 * Optional OAuth bearer authentication, as an AgentCore runtime with a custom JWT authorizer does: the token
 * must be signed by a key from the configured JWKS, come from the configured issuer, and (when configured)
 * name an allowed audience and an allowed client (client_id claim, as Cognito access tokens carry it).
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { DataPlaneError } from "../errors.ts";

export interface JwtSettings {
  issuer: string;
  jwksUrl: string;
  audiences: string[];
  allowedClients: string[];
}

export type BearerVerifier = (token: string) => Promise<{ subject: string | undefined }>;

export function createBearerVerifier(settings: JwtSettings): BearerVerifier {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl));
  return async (token) => {
    let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: settings.issuer,
        ...(settings.audiences.length > 0 ? { audience: settings.audiences } : {}),
      }));
    } catch {
      throw new DataPlaneError(
        401,
        "UnauthorizedException",
        "OAuth authorization failed: invalid bearer token",
        "invalid-jwt",
      );
    }
    if (settings.allowedClients.length > 0) {
      const client = typeof payload.client_id === "string" ? payload.client_id : undefined;
      if (!client || !settings.allowedClients.includes(client)) {
        throw new DataPlaneError(
          403,
          "AccessDeniedException",
          "OAuth authorization failed: client not allowed",
          "client-not-allowed",
        );
      }
    }
    return { subject: payload.sub };
  };
}

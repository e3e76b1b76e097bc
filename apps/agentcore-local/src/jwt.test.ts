/** Optional bearer JWT authentication (issuer + JWKS served by a real local HTTP server). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBearerVerifier } from "./auth/jwt.ts";
import type { DataPlane } from "./server.ts";
import { collect, connect, SID, startPlane } from "./testing/harness.ts";
import { startUpstream, type Upstream } from "./testing/upstream-server.ts";

const ISSUER = "https://issuer.local.test";
let jwksServer: Server;
let upstream: Upstream;
let plane: DataPlane;
let sign: (claims: Record<string, unknown>, issuer?: string) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", () => r()));
  const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  sign = (claims, issuer = ISSUER) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuer)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
  upstream = await startUpstream();
  plane = await startPlane({
    agentUrl: upstream.url,
    bearer: createBearerVerifier({ issuer: ISSUER, jwksUrl, audiences: [], allowedClients: ["web-client"] }),
  });
});
afterAll(async () => {
  await plane.close();
  await upstream.close();
  await new Promise<void>((r) => jwksServer.close(() => r()));
});

const url = () => `ws://127.0.0.1:${plane.port}/runtimes/${encodeURIComponent(LOCAL_RUNTIME.arn)}/ws`;

describe("bearer JWT", () => {
  it("a valid token from an allowed client connects; the agent receives the Authorization header", async () => {
    const token = await sign({ client_id: "web-client", sub: "u1" });
    const { ws } = await connect(url(), {
      authorization: `Bearer ${token}`,
      "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": SID,
    });
    if (!ws) throw new Error("refused");
    const [hello] = await collect(ws, (m) => m.length === 1);
    const headers = JSON.parse(String(hello)).headers as Record<string, string>;
    expect(headers.authorization).toBe(`Bearer ${token}`);
    expect(headers["x-amzn-bedrock-agentcore-runtime-session-id"]).toBe(SID);
    ws.terminate();
  });

  it("another issuer, another client or garbage is refused before upgrade", async () => {
    const cases = [
      [await sign({ client_id: "web-client" }, "https://evil.test"), 401],
      [await sign({ client_id: "other" }), 403],
      ["not.a.jwt", 401],
    ] as const;
    for (const [token, status] of cases) {
      const { refused } = await connect(url(), { authorization: `Bearer ${token}` });
      expect(refused?.status).toBe(status);
    }
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config format writes ${env:NAME} in plain JSON strings
/**
 * AgentCore Gateway's two inbound auth modes, against server-everything over Streamable HTTP behind a real
 * resource-server proxy: an OAuth bearer from the client-credentials flow (a real `oidc-provider` token
 * endpoint; tokens introspected by the proxy, refreshed before expiry, retried once after a 401; the secret
 * from the environment or from Secrets Manager), and SigV4 (service bedrock-agentcore, credentials from the
 * default chain) with every request's signature checked by @interject/agentcore-sigv4's verifier.
 */
import { AGENTCORE_SERVICE, verifyAgentCoreRequest } from "@interject/agentcore-sigv4";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { McpToolManager, type McpToolManagerOptions } from "./manager.ts";
import { collectingLogger } from "./testing/collecting-logger.ts";
import { configOf } from "./testing/config.ts";
import { type RequestCheck, startProxy, type TestProxy } from "./testing/http-proxy.ts";
import { freePort, type RunningHttpServer, startEverythingHttp } from "./testing/mcp-servers.ts";
import { startSecretsManager, TEST_AWS_KEY } from "./testing/secrets-manager-stand-in.ts";
import { AGENT_CLIENT, startTokenServer, type TokenServer } from "./testing/token-server.ts";
import { waitForStatus } from "./testing/wait.ts";

const TOKEN_LIFETIME_S = 4;
let everything: RunningHttpServer;
let tokens: TokenServer;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  everything = await startEverythingHttp(await freePort());
  tokens = await startTokenServer(TOKEN_LIFETIME_S);
});

afterAll(async () => {
  await tokens.close();
  await everything.stop();
});

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function proxy(check: RequestCheck): Promise<TestProxy> {
  const p = await startProxy(everything.url, check);
  cleanups.push(() => p.close());
  return p;
}

async function connected(
  name: string,
  entry: Record<string, unknown>,
  options: Partial<McpToolManagerOptions> = {},
) {
  const logger = collectingLogger();
  const manager = new McpToolManager({
    config: configOf({ [name]: entry }, options.env ?? {}),
    logger,
    healthCheckIntervalMs: 0,
    retry: { initialDelayMs: 100, maxDelayMs: 300 },
    ...options,
  });
  cleanups.push(() => manager.close());
  manager.start();
  return { manager, logger };
}

/** The resource server's rule: a bearer token the authorization server says is active. */
const bearerCheck: RequestCheck = async ({ headers }) => {
  const token = /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1];
  return token !== undefined && (await tokens.introspect(token)) ? undefined : 401;
};

const oauthEntry = (url: string, auth: Record<string, unknown>) => ({
  url,
  interject: {
    auth: { type: "oauth-client-credentials", tokenUrl: tokens.tokenUrl, clientId: AGENT_CLIENT.id, ...auth },
  },
});

describe("OAuth client credentials", () => {
  it("gets a token from the token URL and sends it on every request; the secret is never logged", async () => {
    const gateway = await proxy(bearerCheck);
    const before = tokens.issued();
    const { manager, logger } = await connected(
      "gw",
      oauthEntry(gateway.url, { clientSecret: "${env:GW_SECRET}" }),
      {
        env: { GW_SECRET: AGENT_CLIENT.secret },
      },
    );
    await waitForStatus(manager, "gw", (s) => s.state === "connected");
    const result = await manager.tool("gw__echo")?.call({ message: "through the gateway" });
    expect(result?.content).toEqual([{ type: "text", text: "Echo: through the gateway" }]);
    expect(tokens.issued() - before).toBe(1);
    expect(gateway.log.length).toBeGreaterThanOrEqual(3);
    expect(gateway.log.filter((e) => e.refused)).toEqual([]);
    expect(logger.text()).not.toContain(AGENT_CLIENT.secret);
  });

  it("fetches a new token before the old one expires, so no request is refused", async () => {
    const gateway = await proxy(bearerCheck);
    const { manager } = await connected("gw", oauthEntry(gateway.url, { clientSecret: "${env:GW_SECRET}" }), {
      env: { GW_SECRET: AGENT_CLIENT.secret },
    });
    await waitForStatus(manager, "gw", (s) => s.state === "connected");
    const before = tokens.issued();
    const first = gateway.log.at(-1)?.req.headers.authorization;
    // A quarter of the lifetime before expiry the token is replaced: past that point, still before expiry.
    await new Promise((resolve) => setTimeout(resolve, TOKEN_LIFETIME_S * 750 + 250));
    expect((await manager.tool("gw__echo")?.call({ message: "later" }))?.outcome).toBe("completed");
    expect(tokens.issued() - before).toBe(1);
    expect(gateway.log.at(-1)?.req.headers.authorization).not.toBe(first);
    expect(gateway.log.filter((e) => e.refused)).toEqual([]);
  });

  it("after a 401 (the token was revoked) gets a new token and retries once", async () => {
    const gateway = await proxy(bearerCheck);
    const { manager } = await connected("gw", oauthEntry(gateway.url, { clientSecret: "${env:GW_SECRET}" }), {
      env: { GW_SECRET: AGENT_CLIENT.secret },
    });
    await waitForStatus(manager, "gw", (s) => s.state === "connected");
    const current = /^Bearer (.+)$/.exec(gateway.log.at(-1)?.req.headers.authorization ?? "")?.[1] ?? "";
    await tokens.revoke(current);
    const before = tokens.issued();
    const result = await manager.tool("gw__get-sum")?.call({ a: 20, b: 22 });
    expect(result?.content).toEqual([{ type: "text", text: "The sum of 20 and 22 is 42." }]);
    expect(gateway.log.filter((e) => e.refused === 401)).toHaveLength(1);
    expect(tokens.issued() - before).toBe(1);
    expect(manager.statuses()[0]?.state).toBe("connected");
  });

  it("takes the client secret from Secrets Manager (a JSON key), signing that request with the default chain", async () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-client-AbCdEf";
    const sm = await startSecretsManager("eu-west-1", {
      [arn]: JSON.stringify({ client_id: AGENT_CLIENT.id, client_secret: AGENT_CLIENT.secret }),
    });
    cleanups.push(() => sm.close());
    vi.stubEnv("AWS_ACCESS_KEY_ID", TEST_AWS_KEY.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", TEST_AWS_KEY.secretAccessKey);
    vi.stubEnv("AWS_SESSION_TOKEN", TEST_AWS_KEY.sessionToken);
    const gateway = await proxy(bearerCheck);
    const { manager, logger } = await connected(
      "gw",
      oauthEntry(gateway.url, {
        clientSecretFromSecretsManager: { secretId: arn, jsonKey: "client_secret" },
      }),
      { aws: { secretsManagerEndpoint: sm.endpoint } },
    );
    await waitForStatus(manager, "gw", (s) => s.state === "connected");
    expect(sm.served).toBe(1);
    expect((await manager.tool("gw__echo")?.call({ message: "sm" }))?.outcome).toBe("completed");
    expect(logger.text()).not.toContain(AGENT_CLIENT.secret);
  });

  it("a wrong secret leaves the server down with the token endpoint's answer, and no secret in it", async () => {
    const gateway = await proxy(bearerCheck);
    const wrong = "definitely-not-the-secret-42";
    const { manager, logger } = await connected(
      "gw",
      oauthEntry(gateway.url, { clientSecret: "${env:GW_SECRET}" }),
      {
        env: { GW_SECRET: wrong },
      },
    );
    const down = await waitForStatus(manager, "gw", (s) => s.state === "down");
    expect(down.lastError).toMatch(
      /token request to http:\/\/127\.0\.0\.1:\d+\/token failed: .*invalid_client|client authentication failed/i,
    );
    expect(down.lastError).not.toContain(wrong);
    expect(logger.text()).not.toContain(wrong);
    expect(gateway.log).toEqual([]);
  });
});

describe("SigV4", () => {
  const signedBy: Array<{ service: string; region: string; accessKeyId: string }> = [];
  const sigv4Check: RequestCheck = async ({ method, url, headers, body }) => {
    const result = await verifyAgentCoreRequest(
      { method, url, headers, ...(body === "" ? {} : { body }) },
      {
        region: "us-east-1",
        credentials: (id) =>
          id === TEST_AWS_KEY.accessKeyId
            ? { secretAccessKey: TEST_AWS_KEY.secretAccessKey, sessionToken: TEST_AWS_KEY.sessionToken }
            : undefined,
      },
    );
    if (!result.ok) return 403;
    signedBy.push({ service: result.service, region: result.region, accessKeyId: result.accessKeyId });
    return undefined;
  };

  function defaultChainCredentials() {
    vi.stubEnv("AWS_ACCESS_KEY_ID", TEST_AWS_KEY.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", TEST_AWS_KEY.secretAccessKey);
    vi.stubEnv("AWS_SESSION_TOKEN", TEST_AWS_KEY.sessionToken);
  }

  it("signs every request (bodies included) with the default credential chain; the verifier accepts each", async () => {
    defaultChainCredentials();
    const gateway = await proxy(sigv4Check);
    signedBy.length = 0;
    const { manager } = await connected("iam", {
      url: gateway.url,
      interject: { auth: { type: "sigv4", region: "us-east-1" } },
    });
    await waitForStatus(manager, "iam", (s) => s.state === "connected");
    const result = await manager.tool("iam__get-sum")?.call({ a: 1, b: 1 });
    expect(result?.content).toEqual([{ type: "text", text: "The sum of 1 and 1 is 2." }]);
    expect(gateway.log.filter((e) => e.refused)).toEqual([]);
    expect(gateway.log.some((e) => e.req.method === "POST" && e.req.body.includes('"tools/call"'))).toBe(
      true,
    );
    expect(signedBy.length).toBe(gateway.log.length);
    expect(new Set(signedBy.map((s) => `${s.service} ${s.region} ${s.accessKeyId}`))).toEqual(
      new Set([`${AGENTCORE_SERVICE} us-east-1 ${TEST_AWS_KEY.accessKeyId}`]),
    );
  });

  it("takes the region from AWS_REGION when the config has none; a wrong region is refused and shown as down", async () => {
    defaultChainCredentials();
    const gateway = await proxy(sigv4Check);
    const { manager } = await connected(
      "iam",
      { url: gateway.url, interject: { auth: { type: "sigv4" } } },
      { env: { AWS_REGION: "eu-west-1" } },
    );
    const down = await waitForStatus(manager, "iam", (s) => s.state === "down");
    expect(down.lastError).toMatch(/^HTTP 403: /);
    expect(gateway.log[0]?.req.headers.authorization).toMatch(/\/eu-west-1\/bedrock-agentcore\/aws4_request/);
  });

  it("without credentials anywhere the server is down with a message saying so", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    vi.stubEnv("AWS_PROFILE", "interject-test-no-such-profile");
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    const gateway = await proxy(sigv4Check);
    const { manager } = await connected("iam", {
      url: gateway.url,
      interject: { auth: { type: "sigv4", region: "us-east-1" } },
    });
    const down = await waitForStatus(manager, "iam", (s) => s.state === "down", 60_000);
    expect(down.lastError).toMatch(/SigV4 signing failed/);
    expect(gateway.log).toEqual([]);
  });
});

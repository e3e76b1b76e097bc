/**
 * AWS mode signs through the AWS SDK's default provider chain (here fed by the environment provider, the
 * chain's first link) and refuses credentials that expire before the URL would; over HTTP that refusal is a
 * 503 signing_failed, never a URL.
 */
import { afterEach, describe, expect, it } from "vitest";
import { agentCoreCredentials } from "../agentcore/credentials.ts";
import { loadEnv } from "../env.ts";
import { signedInAdmin, startTestBroker } from "../test/harness.ts";
import { createMinter } from "./minter.ts";

const saved = { ...process.env };
afterEach(() => {
  for (const k of [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
  ]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

function useTemporaryCredentials(expiresInMs: number) {
  process.env.AWS_ACCESS_KEY_ID = "ASIAEXAMPLEEXAMPLE00";
  process.env.AWS_SECRET_ACCESS_KEY = "temporary/secret/key/for/tests/0000000000";
  process.env.AWS_SESSION_TOKEN = "session-token-for-tests";
  process.env.AWS_CREDENTIAL_EXPIRATION = new Date(Date.now() + expiresInMs).toISOString();
}

describe("AWS mode", () => {
  it("signs for the regional endpoint with the provider chain's temporary credentials", async () => {
    useTemporaryCredentials(3_600_000);
    const env = loadEnv({
      AGENTCORE_ENDPOINT: "aws",
      AWS_REGION: "eu-west-1",
      AGENTCORE_RUNTIME_ARN: "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/agent-abc1234567",
    });
    const minter = createMinter(env, await agentCoreCredentials(env));
    const target = { runtimeArn: env.AGENTCORE_RUNTIME_ARN, qualifier: null, region: env.AWS_REGION };
    const minted = await minter.mint(target, "3f1c1f4e-8f6b-4d1e-9a51-0d7c4e0a9b21", "milestones");
    const url = new URL(minted.url);
    expect(url.host).toBe("bedrock-agentcore.eu-west-1.amazonaws.com");
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("session-token-for-tests");
    expect(url.searchParams.get("X-Amz-Credential")).toMatch(
      /^ASIAEXAMPLEEXAMPLE00\/\d{8}\/eu-west-1\/bedrock-agentcore\/aws4_request$/,
    );
  });

  it("refuses credentials that expire before the URL, answering 503 without a URL", async () => {
    // Expiring before the URL would (30 s by default).
    useTemporaryCredentials(10_000);
    const env = loadEnv({ AGENTCORE_ENDPOINT: "aws" });
    const minter = createMinter(env, await agentCoreCredentials(env));
    const target = { runtimeArn: env.AGENTCORE_RUNTIME_ARN, qualifier: null, region: env.AWS_REGION };
    await expect(minter.mint(target, "3f1c1f4e-8f6b-4d1e-9a51-0d7c4e0a9b21", "full")).rejects.toThrow(
      /expire/,
    );
    const b = await startTestBroker({ AGENTCORE_ENDPOINT: "aws" });
    try {
      const admin = await signedInAdmin(b);
      const conv = await admin.request<{ conversation: { id: string } }>("POST", "/api/conversations", {});
      const r = await admin.request("POST", `/api/conversations/${conv.body.conversation.id}/connection`);
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ error: { code: "signing_failed", message: expect.any(String) } });
    } finally {
      await b.stop();
    }
  });
});

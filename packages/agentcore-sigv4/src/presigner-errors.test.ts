/** Bad input fails with an AgentCoreSigningError naming the field. */
import { describe, expect, it } from "vitest";
import { LOCAL_RUNTIME } from "./constants.ts";
import { AgentCoreSigningError } from "./errors.ts";
import type { PresignInput } from "./presign-input.ts";
import { createAgentCorePresigner } from "./presigner.ts";

const KEY = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "secret" };
const NOW = new Date("2026-11-21T12:00:00Z");
const good: PresignInput = { runtimeArn: LOCAL_RUNTIME.arn, sessionId: "s".repeat(33), expiresIn: 300 };

async function fieldOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AgentCoreSigningError) return err.field;
    throw err;
  }
  return "no error";
}

describe("presigner input errors", () => {
  const presigner = createAgentCorePresigner({ region: "us-east-1", credentials: KEY, now: () => NOW });
  const cases: Array<[string, Partial<PresignInput>, string]> = [
    ["malformed ARN", { runtimeArn: "arn:aws:bedrock:us-east-1:123456789012:agent/x" }, "runtimeArn"],
    [
      "ARN with a short account",
      { runtimeArn: "arn:aws:bedrock-agentcore:us-east-1:123:runtime/x" },
      "runtimeArn",
    ],
    ["ARN in another region", { runtimeArn: LOCAL_RUNTIME.arn.replace("us-east-1", "eu-west-1") }, "region"],
    ["session id of 32 characters", { sessionId: "s".repeat(32) }, "sessionId"],
    ["session id of 257 characters", { sessionId: "s".repeat(257) }, "sessionId"],
    ["session id with a space", { sessionId: `${"s".repeat(33)} x` }, "sessionId"],
    ["expiry 0", { expiresIn: 0 }, "expiresIn"],
    ["expiry 301", { expiresIn: 301 }, "expiresIn"],
    ["fractional expiry", { expiresIn: 1.5 }, "expiresIn"],
    ["reserved query parameter", { query: { "X-Amz-Date": "x" } }, "query"],
    [
      "session id smuggled as a parameter",
      { query: { "x-amzn-bedrock-agentcore-runtime-session-id": "x" } },
      "query",
    ],
    ["bad qualifier", { qualifier: "a b" }, "qualifier"],
  ];
  for (const [name, patch, field] of cases) {
    it(`${name} -> ${field}`, async () => {
      expect(await fieldOf(presigner.presignWebSocketUrl({ ...good, ...patch }))).toBe(field);
      expect(await fieldOf(presigner.signWebSocketHeaders({ ...good, ...patch }))).toBe(field);
    });
  }

  it("accepts the boundaries 33 and 256 characters, 1 and 300 seconds", async () => {
    await presigner.presignWebSocketUrl({ ...good, sessionId: "a".repeat(256), expiresIn: 1 });
    await presigner.presignWebSocketUrl({ ...good, sessionId: "a".repeat(33), expiresIn: 300 });
  });

  it("malformed region -> region", () => {
    expect(() => createAgentCorePresigner({ region: "US_EAST", credentials: KEY })).toThrow(
      AgentCoreSigningError,
    );
    expect(() => createAgentCorePresigner({ region: "US_EAST", credentials: KEY })).toThrow(/^region:/);
  });

  it("bad endpoint -> endpoint", () => {
    expect(() =>
      createAgentCorePresigner({ region: "us-east-1", endpoint: "ftp://x", credentials: KEY }),
    ).toThrow(/^endpoint:/);
  });

  it("credentials expiring before the URL -> credentials", async () => {
    const expiring = createAgentCorePresigner({
      region: "us-east-1",
      credentials: async () => ({ ...KEY, sessionToken: "t", expiration: new Date(NOW.getTime() + 299_000) }),
      now: () => NOW,
    });
    expect(await fieldOf(expiring.presignWebSocketUrl(good))).toBe("credentials");
    // ...while a URL that dies first is fine.
    await expiring.presignWebSocketUrl({ ...good, expiresIn: 299 });
  });

  it("ws:// for an http base URL, wss:// for https, with the ARN as one encoded segment", async () => {
    const local = createAgentCorePresigner({
      region: "us-east-1",
      endpoint: LOCAL_RUNTIME.endpoint,
      credentials: KEY,
    });
    const { url } = await local.presignWebSocketUrl(good);
    expect(url.startsWith(`ws://127.0.0.1:8790/runtimes/${encodeURIComponent(LOCAL_RUNTIME.arn)}/ws?`)).toBe(
      true,
    );
    expect(
      (await presigner.presignWebSocketUrl(good)).url.startsWith(
        "wss://bedrock-agentcore.us-east-1.amazonaws.com/",
      ),
    ).toBe(true);
  });
});

/** Every rejection reason of the verifier, and round trips with our presigner and botocore. */
import { HttpRequest } from "@smithy/protocol-http";
import { describe, expect, it } from "vitest";
import { botocoreSign } from "../test-support/botocore.ts";
import { LOCAL_RUNTIME, SESSION_ID_PARAM } from "./constants.ts";
import { createAgentCorePresigner } from "./presigner.ts";
import { createSmithySigner } from "./smithy-signer.ts";
import { verifyAgentCoreRequest } from "./verifier.ts";
import type { CredentialStore, VerifyOptions } from "./verify-types.ts";

const NOW = new Date("2026-11-21T12:00:00Z");
const KEY = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const TEMP = {
  accessKeyId: "ASIAIOSFODNN7EXAMPLE",
  secretAccessKey: "tempsecret/abc+def",
  sessionToken: "tok/en+==",
};
const SID = "3f1c1f9e-8a0b-4b9e-9d4b-2f6f6a0a1b2c-test";
const store: CredentialStore = (id) =>
  id === KEY.accessKeyId
    ? { secretAccessKey: KEY.secretAccessKey }
    : id === TEMP.accessKeyId
      ? { secretAccessKey: TEMP.secretAccessKey, sessionToken: TEMP.sessionToken }
      : undefined;
const opts: VerifyOptions = { credentials: store, now: NOW, region: "us-east-1" };
const input = {
  runtimeArn: LOCAL_RUNTIME.arn,
  sessionId: SID,
  query: { "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level": "full" },
  expiresIn: 300,
};

async function presigned(creds: typeof KEY | typeof TEMP = KEY, at = NOW) {
  const p = createAgentCorePresigner({
    region: "us-east-1",
    endpoint: LOCAL_RUNTIME.endpoint,
    credentials: creds,
    now: () => at,
  });
  const { url } = await p.presignWebSocketUrl(input);
  const u = new URL(url);
  return { method: "GET", url: `${u.pathname}${u.search}`, headers: { host: u.host } };
}

describe("verifyAgentCoreRequest", () => {
  it("accepts our presigned URL and reports the session, params and expiry", async () => {
    const result = await verifyAgentCoreRequest(await presigned(), opts);
    expect(result).toMatchObject({
      ok: true,
      form: "query",
      accessKeyId: KEY.accessKeyId,
      sessionId: SID,
      region: "us-east-1",
    });
    if (!result.ok) return;
    expect(result.expiresAt?.toISOString()).toBe("2026-11-21T12:05:00.000Z");
    expect(result.params).toEqual([
      ["X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level", "full"],
      [SESSION_ID_PARAM, SID],
    ]);
  });

  it("accepts a URL presigned by botocore, with a session token", async () => {
    const [ref] = botocoreSign([
      {
        form: "query",
        base: "http://127.0.0.1:8790",
        region: "us-east-1",
        runtimeArn: LOCAL_RUNTIME.arn,
        qualifier: "DEFAULT",
        sessionId: SID,
        expiresIn: 300,
        ...TEMP,
        now: "2026-11-21T12:00:00Z",
      },
    ]).results;
    const u = new URL(String(ref?.url));
    const result = await verifyAgentCoreRequest(
      { method: "GET", url: `${u.pathname}${u.search}`, headers: { host: u.host } },
      opts,
    );
    expect(result).toMatchObject({ ok: true, sessionId: SID, accessKeyId: TEMP.accessKeyId });
  });

  it("accepts the header form, session id from the header", async () => {
    const p = createAgentCorePresigner({
      region: "us-east-1",
      endpoint: LOCAL_RUNTIME.endpoint,
      credentials: TEMP,
      now: () => NOW,
    });
    const { url, headers } = await p.signWebSocketHeaders(input);
    const u = new URL(url);
    const result = await verifyAgentCoreRequest(
      {
        method: "GET",
        url: `${u.pathname}${u.search}`,
        headers: { ...headers, host: u.host, connection: "Upgrade" },
      },
      opts,
    );
    expect(result).toMatchObject({ ok: true, form: "header", sessionId: SID });
  });

  const reasons: Array<[string, () => Promise<unknown>, string]> = [
    [
      "expired one second after expiry",
      async () =>
        verifyAgentCoreRequest(await presigned(), { ...opts, now: new Date(NOW.getTime() + 301_000) }),
      "expired",
    ],
    [
      "signed more than 5 minutes in the future",
      async () => verifyAgentCoreRequest(await presigned(KEY, new Date(NOW.getTime() + 301_000)), opts),
      "not-yet-valid",
    ],
    [
      "another region",
      async () => verifyAgentCoreRequest(await presigned(), { ...opts, region: "us-west-2" }),
      "wrong-region",
    ],
    [
      "another service",
      async () => verifyAgentCoreRequest(await presigned(), { ...opts, service: "execute-api" }),
      "wrong-service",
    ],
    [
      "unknown access key",
      async () => verifyAgentCoreRequest(await presigned(), { ...opts, credentials: () => undefined }),
      "unknown-access-key",
    ],
    [
      "token missing for temporary credentials",
      async () => verifyAgentCoreRequest(await presigned({ ...TEMP, sessionToken: "" } as typeof TEMP), opts),
      "session-token-mismatch",
    ],
    [
      "wrong session token",
      async () => verifyAgentCoreRequest(await presigned({ ...TEMP, sessionToken: "tok/en+=X" }), opts),
      "session-token-mismatch",
    ],
    [
      "tampered signature",
      async () => {
        const r = await presigned();
        return verifyAgentCoreRequest(
          { ...r, url: r.url.replace(/X-Amz-Signature=./, "X-Amz-Signature=0") },
          opts,
        );
      },
      "signature-mismatch",
    ],
    [
      "host not signed",
      async () => {
        const r = await presigned();
        return verifyAgentCoreRequest(
          { ...r, url: r.url.replace("X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=x-amz-date") },
          opts,
        );
      },
      "host-not-signed",
    ],
    [
      "another host",
      async () =>
        verifyAgentCoreRequest({ ...(await presigned()), headers: { host: "127.0.0.1:8791" } }, opts),
      "signature-mismatch",
    ],
    [
      "no authentication",
      async () =>
        verifyAgentCoreRequest({ method: "GET", url: "/runtimes/x/ws", headers: { host: "h" } }, opts),
      "missing-authentication",
    ],
    [
      "bad percent escape",
      async () => verifyAgentCoreRequest({ method: "GET", url: "/x?a=%zz", headers: { host: "h" } }, opts),
      "malformed-request",
    ],
    [
      "unsupported algorithm",
      async () => {
        const r = await presigned();
        return verifyAgentCoreRequest(
          { ...r, url: r.url.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512") },
          opts,
        );
      },
      "unsupported-algorithm",
    ],
    [
      "malformed expiry",
      async () => {
        const r = await presigned();
        return verifyAgentCoreRequest(
          { ...r, url: r.url.replace("X-Amz-Expires=300", "X-Amz-Expires=0300") },
          opts,
        );
      },
      "malformed-expires",
    ],
    [
      "expiry over 300 s",
      async () => {
        const signer = createSmithySigner({
          credentials: KEY,
          region: "us-east-1",
          service: "bedrock-agentcore",
        });
        const req = new HttpRequest({
          method: "GET",
          protocol: "https:",
          hostname: "h",
          path: "/x",
          headers: { host: "h" },
        });
        const s = await signer.presign(req, { expiresIn: 301, signingDate: NOW });
        const q = new URLSearchParams(s.query as Record<string, string>).toString();
        return verifyAgentCoreRequest({ method: "GET", url: `/x?${q}`, headers: { host: "h" } }, opts);
      },
      "expires-too-long",
    ],
    [
      "header form more than 5 minutes old",
      async () => {
        const p = createAgentCorePresigner({
          region: "us-east-1",
          endpoint: LOCAL_RUNTIME.endpoint,
          credentials: KEY,
          now: () => NOW,
        });
        const { url, headers } = await p.signWebSocketHeaders(input);
        const u = new URL(url);
        return verifyAgentCoreRequest(
          { method: "GET", url: `${u.pathname}${u.search}`, headers: { ...headers, host: u.host } },
          { ...opts, now: new Date(NOW.getTime() + 301_000) },
        );
      },
      "request-time-skew",
    ],
  ];
  for (const [name, run, reason] of reasons) {
    it(`rejects: ${name} -> ${reason}`, async () => {
      expect(await run()).toMatchObject({ ok: false, reason });
    });
  }
});

/**
 * Authentication before upgrade, end to end over real sockets: a URL presigned by botocore for the local
 * endpoint connects and streams through to the agent; the same URL with any one character changed (path
 * included: the signature is checked before the path is looked up), expired, signed for another region,
 * service or ARN, or with a wrong session token gets an AWS-style 403 and no socket (the agent never sees a
 * connection). Authentic requests for a runtime or path that does not exist get AWS's 404s.
 */
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { type BotocoreCase, botocoreSign } from "@interject/agentcore-sigv4/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataPlane } from "./server.ts";
import { closed, collect, connect, isoSeconds, KEY, SID, startPlane, TEMP } from "./testing/harness.ts";
import { startUpstream, type Upstream } from "./testing/upstream-server.ts";

let upstream: Upstream;
let plane: DataPlane;
let base: string;

beforeAll(async () => {
  upstream = await startUpstream();
  plane = await startPlane({ agentUrl: upstream.url });
  base = `http://127.0.0.1:${plane.port}`;
});
afterAll(async () => {
  await plane.close();
  await upstream.close();
});

function sign(patch: Partial<BotocoreCase> = {}): string {
  const c: BotocoreCase = {
    form: "query",
    base,
    region: "us-east-1",
    runtimeArn: LOCAL_RUNTIME.arn,
    query: [["X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level", "full"]],
    sessionId: SID,
    expiresIn: 300,
    ...KEY,
    now: isoSeconds(new Date()),
    ...patch,
  };
  return String(botocoreSign([c]).results[0]?.url);
}

describe("WebSocket through agentcore-local", () => {
  it("a botocore-presigned URL connects, forwards session id, request id and params, and streams", async () => {
    const { ws } = await connect(sign({ qualifier: "DEFAULT" }));
    if (!ws) throw new Error("refused");
    const [hello] = await collect(ws, (m) => m.length === 1);
    const h = JSON.parse(String(hello)) as { url: string; headers: Record<string, string> };
    expect(h.headers["x-amzn-bedrock-agentcore-runtime-session-id"]).toBe(SID);
    expect(h.headers["x-amzn-bedrock-agentcore-runtime-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const forwarded = new URL(h.url, "http://x").searchParams;
    expect(forwarded.get("X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level")).toBe("full");
    expect(forwarded.get("qualifier")).toBe("DEFAULT");
    expect(forwarded.get("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id")).toBe(SID);
    expect([...forwarded.keys()].some((k) => k.startsWith("X-Amz-"))).toBe(false);
    ws.send("stream:200:1000");
    const msgs = await collect(ws, (m) => m.at(-1) === "stream-end");
    expect(msgs).toHaveLength(201);
    expect(msgs.slice(0, 200).every((m) => m.length === 1000)).toBe(true);
    const echoed = new Promise<{ data: Buffer; isBinary: boolean }>((r) =>
      ws.once("message", (data, isBinary) => r({ data: data as Buffer, isBinary })),
    );
    ws.send(Buffer.from([1, 2, 3]));
    expect(await echoed).toEqual({ data: Buffer.from([1, 2, 3]), isBinary: true });
    ws.close(1000);
    await closed(ws);
  });

  it("temporary credentials with the right session token connect", async () => {
    const { ws } = await connect(sign({ ...TEMP }));
    expect(ws).toBeDefined();
    ws?.terminate();
  });

  const refusals: Array<[string, () => string, string]> = [
    ["signed for another region", () => sign({ region: "us-west-2" }), "wrong-region"],
    ["signed for another service", () => sign({ service: "execute-api" }), "wrong-service"],
    [
      "signed for another ARN",
      () => sign({ runtimeArn: "arn:aws:bedrock-agentcore:us-east-1:111111111111:runtime/other-0000000000" }),
      "runtime-not-served",
    ],
    ["expired", () => sign({ now: isoSeconds(new Date(Date.now() - 301_000)) }), "expired"],
    [
      "wrong session token",
      () => sign({ ...TEMP, sessionToken: "the-wrong-token" }),
      "session-token-mismatch",
    ],
    ["unknown key", () => sign({ accessKeyId: "AKIAUNKNOWNKEY000000" }), "unknown-access-key"],
  ];
  for (const [name, url, reason] of refusals) {
    it(`403 before upgrade: ${name}`, async () => {
      const before = upstream.connections.length;
      const { refused } = await connect(url());
      expect(refused?.status).toBe(403);
      expect(refused?.body.reason).toBe(reason);
      expect(typeof refused?.body.message).toBe("string");
      expect(upstream.connections.length).toBe(before);
    });
  }

  it("403 before upgrade for a one-character change anywhere in the signed URL", async () => {
    const url = sign({ qualifier: "DEFAULT" });
    const start = url.indexOf("/runtimes/");
    const before = upstream.connections.length;
    // Every position of path and query (step 3 to keep the run short), each replaced by a different character.
    for (let i = start + 1; i < url.length; i += 3) {
      const c = url[i] === "A" ? "B" : "A";
      const { refused, ws } = await connect(url.slice(0, i) + c + url.slice(i + 1));
      ws?.terminate();
      // The signature is checked before the path is looked up: a change to the path is tampering too.
      expect(refused?.status, `position ${i}`).toBe(403);
    }
    expect(upstream.connections.length).toBe(before);
  });

  it("a path changed after signing is a 403, not a 404, on every route", async () => {
    const { refused } = await connect(sign().replace("/ws?", "/wx?"));
    expect(refused).toMatchObject({ status: 403, body: { reason: "signature-mismatch" } });
    const invocation = botocoreSign([
      {
        form: "header",
        action: "invocations",
        body: "{}",
        base,
        region: "us-east-1",
        runtimeArn: LOCAL_RUNTIME.arn,
        sessionId: SID,
        expiresIn: 300,
        ...KEY,
        now: isoSeconds(new Date()),
      },
    ]).results[0];
    const url = String(invocation?.url).replace(/^ws/, "http").replace("/invocations", "/invocationz");
    const res = await fetch(url, { method: "POST", headers: invocation?.headers ?? {}, body: "{}" });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
  });

  it("an authentic request for a runtime or a path that does not exist gets AWS's answer", async () => {
    const other = LOCAL_RUNTIME.arn.replace("interject_local", "other");
    const { refused } = await connect(sign({ runtimeArn: other }));
    expect(refused).toMatchObject({
      status: 404,
      errorType: "ResourceNotFoundException",
      body: { reason: "unknown-runtime" },
    });
    const unknown = botocoreSign([
      {
        form: "header",
        action: "nothing-here",
        body: "{}",
        base,
        region: "us-east-1",
        runtimeArn: LOCAL_RUNTIME.arn,
        sessionId: SID,
        expiresIn: 300,
        ...KEY,
        now: isoSeconds(new Date()),
      },
    ]).results[0];
    const res = await fetch(String(unknown?.url).replace(/^ws/, "http"), {
      method: "POST",
      headers: unknown?.headers ?? {},
      body: "{}",
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-amzn-errortype")).toBe("UnknownOperationException");
  });

  it("refuses an Origin that is not allowed, accepts an allowed one", async () => {
    const { refused } = await connect(sign(), { origin: "https://evil.example" });
    expect(refused).toMatchObject({ status: 403, body: { reason: "origin-not-allowed" } });
    const { ws } = await connect(sign(), { origin: "http://localhost:5173" });
    expect(ws).toBeDefined();
    ws?.terminate();
  });

  it("no authentication at all is a 403 Missing Authentication Token", async () => {
    const { refused } = await connect(
      `ws://127.0.0.1:${plane.port}/runtimes/${encodeURIComponent(LOCAL_RUNTIME.arn)}/ws`,
    );
    expect(refused).toMatchObject({ status: 403, errorType: "MissingAuthenticationTokenException" });
  });

  it("the header form (botocore SigV4Auth headers) connects", async () => {
    const ref = botocoreSign([
      {
        form: "header",
        base,
        region: "us-east-1",
        runtimeArn: LOCAL_RUNTIME.arn,
        sessionId: SID,
        expiresIn: 300,
        ...TEMP,
        now: isoSeconds(new Date()),
      },
    ]).results[0];
    const { ws } = await connect(String(ref?.url), ref?.headers ?? {});
    if (!ws) throw new Error("refused");
    const [hello] = await collect(ws, (m) => m.length === 1);
    expect(JSON.parse(String(hello)).headers["x-amzn-bedrock-agentcore-runtime-session-id"]).toBe(SID);
    ws.terminate();
  });
});

/** POST /invocations: botocore header-signed (body hash included), streamed through chunk by chunk. */
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { botocoreSign } from "@interject/agentcore-sigv4/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataPlane } from "./server.ts";
import { isoSeconds, KEY, SID, startPlane } from "./testing/harness.ts";
import { startUpstream, type Upstream } from "./testing/upstream-server.ts";

let upstream: Upstream;
let plane: DataPlane;

beforeAll(async () => {
  upstream = await startUpstream();
  plane = await startPlane({ agentUrl: upstream.url });
});
afterAll(async () => {
  await plane.close();
  await upstream.close();
});

function signed(body: string) {
  const ref = botocoreSign([
    {
      form: "header",
      action: "invocations",
      body,
      base: `http://127.0.0.1:${plane.port}`,
      region: "us-east-1",
      runtimeArn: LOCAL_RUNTIME.arn,
      qualifier: "DEFAULT",
      sessionId: SID,
      expiresIn: 300,
      ...KEY,
      now: isoSeconds(new Date()),
    },
  ]).results[0];
  return { url: String(ref?.url).replace(/^ws/, "http"), headers: ref?.headers ?? {} };
}

describe("POST /invocations", () => {
  it("streams the agent's answer back with the session id", async () => {
    const body = JSON.stringify({ prompt: "hello" });
    const { url, headers } = signed(body);
    const res = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-amzn-bedrock-agentcore-runtime-session-id")).toBe(SID);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const chunks: string[] = [];
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const r = await reader?.read();
      if (!r || r.done) break;
      chunks.push(decoder.decode(r.value));
    }
    expect(chunks.join("")).toBe(`data: session=${SID}\n\ndata: body=${body}\n\ndata: done\n\n`);
  });

  it("a body changed after signing is refused with 403 and never reaches the agent", async () => {
    const { url, headers } = signed(JSON.stringify({ prompt: "hello" }));
    const res = await fetch(url, { method: "POST", headers, body: JSON.stringify({ prompt: "HELLO" }) });
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    expect(await res.json()).toMatchObject({ reason: "signature-mismatch" });
  });
});

describe("POST /invocations without credentials", () => {
  it("is refused before the body is read", async () => {
    const res = await fetch(
      `http://127.0.0.1:${plane.port}/runtimes/${encodeURIComponent(LOCAL_RUNTIME.arn)}/invocations`,
      {
        method: "POST",
        body: "x".repeat(1000),
      },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });
});

/**
 * StopRuntimeSession, called with the AWS SDK's own StopRuntimeSessionCommand over a real socket: it ends the
 * session's browser sockets (1008) and tells the agent through its socket (4000), opening one when none is
 * attached; it cuts invocations in flight; an unknown or ended session is a 404 ResourceNotFoundException; a
 * bad signature, another runtime or another qualifier are refused as on every route.
 */
import {
  LOCAL_RUNTIME,
  SESSION_STOPPED_CLOSE_CODE,
  SESSION_STOPPED_CLOSE_REASON,
} from "@interject/agentcore-sigv4";
import { botocoreSign } from "@interject/agentcore-sigv4/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { DataPlane } from "./server.ts";
import {
  closed,
  isoSeconds,
  KEY,
  openSession,
  SID,
  sdkFailure,
  startPlane,
  stopWithSdk,
} from "./testing/harness.ts";
import { startUpstream, type Upstream } from "./testing/upstream-server.ts";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

async function setup(): Promise<{ upstream: Upstream; plane: DataPlane }> {
  const upstream = await startUpstream();
  const plane = await startPlane({ agentUrl: upstream.url });
  cleanup.push(
    () => upstream.close(),
    () => plane.close(),
  );
  return { upstream, plane };
}

const STOPPED = { code: SESSION_STOPPED_CLOSE_CODE, reason: SESSION_STOPPED_CLOSE_REASON };

describe("StopRuntimeSession", () => {
  it("closes the session's browser sockets with 1008 and its agent sockets with 4000, then the session is gone", async () => {
    const { upstream, plane } = await setup();
    const a = await openSession(plane);
    const b = await openSession(plane);
    const other = await openSession(plane, "another-session-000000000000000000000001");
    const answer = await stopWithSdk(plane);
    expect(answer).toMatchObject({ runtimeSessionId: SID, statusCode: 200 });
    expect(answer.$metadata.httpStatusCode).toBe(200);
    // The answer comes once the sockets are closed.
    expect(await closed(a.ws)).toEqual({ code: 1008, reason: SESSION_STOPPED_CLOSE_REASON });
    expect(await closed(b.ws)).toEqual({ code: 1008, reason: SESSION_STOPPED_CLOSE_REASON });
    await expect.poll(() => upstream.closes).toEqual([STOPPED, STOPPED]);
    expect(other.ws.readyState).toBe(other.ws.OPEN);
    // Stopping it again: the session no longer exists.
    expect(await sdkFailure(stopWithSdk(plane))).toEqual({ name: "ResourceNotFoundException", status: 404 });
    // A new connection with the same id starts a new session.
    const again = await openSession(plane);
    expect(JSON.parse(again.hello).headers["x-amzn-bedrock-agentcore-runtime-session-id"]).toBe(SID);
    again.ws.terminate();
    other.ws.terminate();
  });

  it("tells the agent on a socket of its own when none is attached (same headers as a proxied one)", async () => {
    const { upstream, plane } = await setup();
    const { ws } = await openSession(plane);
    ws.close(1000, "bye");
    await expect.poll(() => upstream.closes.length).toBe(1);
    const before = upstream.connections.length;
    await stopWithSdk(plane);
    expect(upstream.connections.length).toBe(before + 1);
    const notice = upstream.connections.at(-1);
    expect(notice?.url).toBe(`/ws?X-Amzn-Bedrock-AgentCore-Runtime-Session-Id=${SID}`);
    expect(notice?.headers["x-amzn-bedrock-agentcore-runtime-session-id"]).toBe(SID);
    expect(notice?.headers["x-amzn-bedrock-agentcore-runtime-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => upstream.closes.at(-1)).toEqual(STOPPED);
  });

  it("cuts an invocation still streaming", async () => {
    const { upstream, plane } = await setup();
    const ref = botocoreSign([
      {
        form: "header",
        action: "invocations",
        body: "hold",
        base: `http://127.0.0.1:${plane.port}`,
        region: LOCAL_RUNTIME.region,
        runtimeArn: LOCAL_RUNTIME.arn,
        sessionId: SID,
        expiresIn: 300,
        ...KEY,
        now: isoSeconds(new Date()),
      },
    ]).results[0];
    const res = await fetch(String(ref?.url).replace(/^ws/, "http"), {
      method: "POST",
      headers: ref?.headers ?? {},
      body: "hold",
    });
    const reader = res.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe("data: holding\n\n");
    await stopWithSdk(plane);
    await expect(reader?.read()).rejects.toThrow();
    await expect.poll(() => upstream.abandoned).toBe(1);
  });

  it("is 404 for a session that never ran, and 400 for a session id of the wrong length", async () => {
    const { plane } = await setup();
    expect(await sdkFailure(stopWithSdk(plane))).toEqual({ name: "ResourceNotFoundException", status: 404 });
    expect(await sdkFailure(stopWithSdk(plane, { sessionId: "short" }))).toEqual({
      name: "ValidationException",
      status: 400,
    });
  });

  it("checks the signature, the runtime and the qualifier like every route, and leaves the session alone", async () => {
    const { upstream, plane } = await setup();
    const { ws } = await openSession(plane);
    expect(await sdkFailure(stopWithSdk(plane, { secretAccessKey: "not-the-secret" }))).toEqual({
      name: "InvalidSignatureException",
      status: 403,
    });
    const otherRuntime = LOCAL_RUNTIME.arn.replace("interject_local", "other");
    expect(await sdkFailure(stopWithSdk(plane, { runtimeArn: otherRuntime }))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
    });
    const otherAccount = LOCAL_RUNTIME.arn.replace("000000000000", "111111111111");
    expect(await sdkFailure(stopWithSdk(plane, { runtimeArn: otherAccount }))).toEqual({
      name: "AccessDeniedException",
      status: 403,
    });
    expect(await sdkFailure(stopWithSdk(plane, { qualifier: "prod" }))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
    });
    expect(ws.readyState).toBe(ws.OPEN);
    expect(upstream.closes).toEqual([]);
    expect(await stopWithSdk(plane, { qualifier: "DEFAULT" })).toMatchObject({ statusCode: 200 });
    expect((await closed(ws)).code).toBe(1008);
  });
});

/**
 * Several runtimes behind one data plane, each ARN with its own agent (a real upstream each) and its own
 * sessions: a URL reaches the agent of its ARN, a signature must be for that ARN's Region, StopRuntimeSession
 * ends a session of the runtime it names and no other, and an ARN not served gets AWS's answers.
 */
import { LOCAL_RUNTIME, SESSION_STOPPED_CLOSE_REASON } from "@interject/agentcore-sigv4";
import { botocoreSign } from "@interject/agentcore-sigv4/testing";
import { afterEach, describe, expect, it } from "vitest";
import { readEnv } from "./env.ts";
import { sharedPool } from "./lifecycle/agent-pool.ts";
import type { DataPlane } from "./server.ts";
import {
  closed,
  connect,
  isoSeconds,
  KEY,
  openSession,
  presignedUrl,
  SID,
  sdkFailure,
  startPlane,
  stopWithSdk,
} from "./testing/harness.ts";
import { startUpstream, type Upstream } from "./testing/upstream-server.ts";

const EXAMPLE = "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/example_agent-0000000000";
const EU = "arn:aws:bedrock-agentcore:eu-west-1:000000000000:runtime/eu_agent-0000000000";

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()?.();
});

async function setup(): Promise<{ builtIn: Upstream; example: Upstream; eu: Upstream; plane: DataPlane }> {
  const [builtIn, example, eu] = await Promise.all([startUpstream(), startUpstream(), startUpstream()]);
  const plane = await startPlane({
    agentUrl: builtIn.url,
    runtimes: [
      { arn: EXAMPLE, pool: sharedPool(example.url) },
      { arn: EU, pool: sharedPool(eu.url) },
    ],
  });
  cleanup.push(
    () => builtIn.close(),
    () => example.close(),
    () => eu.close(),
    () => plane.close(),
  );
  return { builtIn, example, eu, plane };
}

describe("several runtimes", () => {
  it("sends each URL to the agent of its ARN, in that ARN's Region", async () => {
    const { builtIn, example, eu, plane } = await setup();
    await openSession(plane, SID, LOCAL_RUNTIME.arn);
    await openSession(plane, SID, EXAMPLE);
    await openSession(plane, SID, EU);
    expect(builtIn.connections).toHaveLength(1);
    expect(example.connections).toHaveLength(1);
    expect(eu.connections).toHaveLength(1);
    // A signature for another served Region does not fit this runtime (our presigner refuses to make one:
    // botocore signs whatever it is given), and one for a Region no runtime is in is refused like any wrong
    // scope; either way before any agent is reached.
    const signed = (region: string) =>
      String(
        botocoreSign([
          {
            form: "query",
            base: `http://127.0.0.1:${plane.port}`,
            region,
            runtimeArn: EU,
            query: [],
            sessionId: SID,
            expiresIn: 60,
            ...KEY,
            now: isoSeconds(new Date()),
          },
        ]).results[0]?.url,
      );
    for (const region of ["us-east-1", "ap-south-1"]) {
      const wrong = await connect(signed(region));
      expect(wrong.refused).toMatchObject({ status: 403, body: { reason: "wrong-region" } });
    }
    expect(eu.connections).toHaveLength(1);
  });

  it("answers for an ARN it does not serve as AWS does", async () => {
    const { plane } = await setup();
    const sameAccount = await connect(
      await presignedUrl(plane, SID, EXAMPLE.replace("example_agent", "missing")),
    );
    expect(sameAccount.refused).toMatchObject({
      status: 404,
      errorType: "ResourceNotFoundException",
      body: { reason: "unknown-runtime" },
    });
    const otherAccount = await connect(
      await presignedUrl(plane, SID, EXAMPLE.replace("000000000000", "123456789012")),
    );
    expect(otherAccount.refused).toMatchObject({ status: 403, errorType: "AccessDeniedException" });
  });

  it("keeps each runtime's sessions apart: StopRuntimeSession stops the one of the runtime it names", async () => {
    const { builtIn, example, plane } = await setup();
    const onBuiltIn = await openSession(plane, SID, LOCAL_RUNTIME.arn);
    const onExample = await openSession(plane, SID, EXAMPLE);
    await stopWithSdk(plane, { runtimeArn: EXAMPLE });
    expect(await closed(onExample.ws)).toEqual({ code: 1008, reason: SESSION_STOPPED_CLOSE_REASON });
    await expect.poll(() => example.closes.map((c) => c.code)).toEqual([4000]);
    expect(onBuiltIn.ws.readyState).toBe(onBuiltIn.ws.OPEN);
    expect(builtIn.closes).toEqual([]);
    // That runtime no longer has the session; the other still does.
    expect(await sdkFailure(stopWithSdk(plane, { runtimeArn: EXAMPLE }))).toEqual({
      name: "ResourceNotFoundException",
      status: 404,
    });
    await stopWithSdk(plane, { runtimeArn: LOCAL_RUNTIME.arn });
    expect(await closed(onBuiltIn.ws)).toEqual({ code: 1008, reason: SESSION_STOPPED_CLOSE_REASON });
  });
});

describe("AGENTCORE_RUNTIMES", () => {
  it("reads <ARN>=<agent URL> pairs beside the default runtime", () => {
    const env = readEnv({
      AGENTCORE_RUNTIMES: `${EXAMPLE}=http://127.0.0.1:8081, ${EU}=http://127.0.0.1:8082/`,
    });
    expect(env.AGENTCORE_RUNTIME_ARN).toBe(LOCAL_RUNTIME.arn);
    expect(env.AGENTCORE_RUNTIMES).toEqual([
      { arn: EXAMPLE, agentUrl: "http://127.0.0.1:8081" },
      { arn: EU, agentUrl: "http://127.0.0.1:8082/" },
    ]);
    expect(readEnv({}).AGENTCORE_RUNTIMES).toEqual([]);
  });

  it("names what is wrong with a pair", () => {
    expect(() => readEnv({ AGENTCORE_RUNTIMES: "arn:aws:s3:::bucket=http://x" })).toThrow(
      /AGENTCORE_RUNTIMES: "arn:aws:s3:::bucket" is not a runtime ARN/,
    );
    expect(() => readEnv({ AGENTCORE_RUNTIMES: EXAMPLE })).toThrow(
      /needs its agent's http\(s\) URL after "="/,
    );
    expect(() => readEnv({ AGENTCORE_RUNTIMES: `${EXAMPLE}=ftp://x` })).toThrow(/AGENTCORE_RUNTIMES/);
    expect(() => readEnv({ AGENTCORE_RUNTIMES: `${EXAMPLE}=http://a,${EXAMPLE}=http://b` })).toThrow(
      /listed twice/,
    );
    expect(() => readEnv({ AGENTCORE_RUNTIMES: `${LOCAL_RUNTIME.arn}=http://a` })).toThrow(
      /already the default runtime/,
    );
  });
});

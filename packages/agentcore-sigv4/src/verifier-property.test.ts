/**
 * Property: changing any single character of any signed part of a valid presigned URL (path, any query key
 * or value, the host) makes verification fail. A second property mutates raw bytes of the request target:
 * the result either fails or decodes to exactly the same request (e.g. %3A -> %3a), as with AWS.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOCAL_RUNTIME } from "./constants.ts";
import { splitTarget } from "./parse-request.ts";
import { createAgentCorePresigner } from "./presigner.ts";
import { serializeQuery } from "./smithy-signer.ts";
import { verifyAgentCoreRequest } from "./verifier.ts";

const NOW = new Date("2026-11-21T12:00:00Z");
const TEMP = {
  accessKeyId: "ASIAIOSFODNN7EXAMPLE",
  secretAccessKey: "tempsecret/abc+def",
  sessionToken: "tok/en+==",
};
const opts = {
  credentials: (id: string) =>
    id === TEMP.accessKeyId
      ? { secretAccessKey: TEMP.secretAccessKey, sessionToken: TEMP.sessionToken }
      : undefined,
  now: NOW,
  region: "us-east-1",
};

async function valid() {
  const p = createAgentCorePresigner({
    region: "us-east-1",
    endpoint: LOCAL_RUNTIME.endpoint,
    credentials: TEMP,
    now: () => NOW,
  });
  const { url } = await p.presignWebSocketUrl({
    runtimeArn: LOCAL_RUNTIME.arn,
    qualifier: "DEFAULT",
    sessionId: "3f1c1f9e-8a0b-4b9e-9d4b-2f6f6a0a1b2c-prop",
    query: { "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level": "full" },
    expiresIn: 300,
  });
  const u = new URL(url);
  return { target: `${u.pathname}${u.search}`, host: u.host };
}

function replaceAt(s: string, i: number, c: string): string {
  return s.slice(0, i) + c + s.slice(i + 1);
}

const charArb = fc.constantFrom(..."aZ09-_.~/:%=&?+ é".split(""));

describe("single-character changes", () => {
  it("any change to a decoded signed part fails", async () => {
    const { target, host } = await valid();
    const { path, query } = splitTarget(target);
    expect((await verifyAgentCoreRequest({ method: "GET", url: target, headers: { host } }, opts)).ok).toBe(
      true,
    );
    // Parts: 0 = path, 1 = host, then a key or value of each query pair.
    const parts = 2 + query.length * 2;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: parts - 1 }), fc.nat(), charArb, async (part, pos, c) => {
        let p = path;
        let h = host;
        const q = query.map(([k, v]) => [k, v] as [string, string]);
        const mutate = (s: string) => {
          const i = pos % s.length;
          return s[i] === c ? null : replaceAt(s, i, c);
        };
        let changed: string | null;
        if (part === 0) changed = p = mutate(p) ?? p;
        else if (part === 1) changed = h = mutate(h) ?? h;
        else {
          const pair = q[Math.floor((part - 2) / 2)] as [string, string];
          const side = (part - 2) % 2 === 0 ? 0 : 1;
          const m = mutate(pair[side]);
          if (m !== null) pair[side] = m;
          changed = m;
        }
        fc.pre(changed !== null && (part !== 0 || p !== path) && (part !== 1 || h !== host));
        const url = `${p}?${serializeQuery(q)}`;
        const result = await verifyAgentCoreRequest({ method: "GET", url, headers: { host: h } }, opts);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it("any raw byte change fails unless it decodes to the same request", async () => {
    const { target, host } = await valid();
    const original = splitTarget(target);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: target.length - 1 }), charArb, async (i, c) => {
        fc.pre(target[i] !== c);
        const url = replaceAt(target, i, c);
        const result = await verifyAgentCoreRequest({ method: "GET", url, headers: { host } }, opts);
        if (result.ok) {
          expect(splitTarget(url)).toEqual(original);
        }
      }),
      { numRuns: 400 },
    );
  });
});

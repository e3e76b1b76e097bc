/**
 * Second reference: the official TypeScript SDK (npm bedrock-agentcore, RuntimeClient.generatePresignedUrl).
 * It serialises its query in a different order (token first, encodeURIComponent), so the comparison is on
 * what a server sees: the same path, the same decoded parameters and the same signature.
 */
import { RuntimeClient } from "bedrock-agentcore/runtime";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAgentCorePresigner } from "./presigner.ts";

const NOW = new Date("2026-11-21T08:00:00Z");
const KEY = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const SID = "a7c1e2f0-0000-4000-8000-000000000001-sdk";

function parts(url: string) {
  const u = new URL(url);
  const params = [...u.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
  return { origin: `${u.protocol}//${u.host}`, path: u.pathname, params };
}

interface Case {
  name: string;
  region: string;
  arn: string;
  qualifier: string | undefined;
  query: Record<string, string>;
  sessionToken: string | undefined;
}

const cases: Case[] = [
  {
    name: "aws partition, qualifier, trace level",
    region: "us-west-2",
    arn: "arn:aws:bedrock-agentcore:us-west-2:123456789012:runtime/my_agent-AbCdEf1234",
    qualifier: "DEFAULT",
    query: { "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level": "full" },
    sessionToken: undefined,
  },
  {
    name: "aws-us-gov partition with a session token",
    region: "us-gov-west-1",
    arn: "arn:aws-us-gov:bedrock-agentcore:us-gov-west-1:123456789012:runtime/gov-AAAAAAAAAA",
    qualifier: undefined,
    query: {},
    sessionToken: "FwoGZXIvYXdzEXAMPLE//token+with/slashes==",
  },
];

describe("presigner vs the bedrock-agentcore TypeScript SDK", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const c of cases) {
    it(`same signed request: ${c.name}`, async () => {
      const credentials = { ...KEY, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(NOW);
      const sdk = new RuntimeClient({ region: c.region, credentialsProvider: async () => credentials });
      const theirs = await sdk.generatePresignedUrl({
        runtimeArn: c.arn,
        sessionId: SID,
        ...(c.qualifier ? { endpointName: c.qualifier } : {}),
        customHeaders: c.query,
        expires: 300,
      });
      vi.useRealTimers();
      const ours = await createAgentCorePresigner({
        region: c.region,
        credentials,
        now: () => NOW,
      }).presignWebSocketUrl({
        runtimeArn: c.arn,
        ...(c.qualifier ? { qualifier: c.qualifier } : {}),
        query: c.query,
        sessionId: SID,
        expiresIn: 300,
      });
      expect(parts(ours.url)).toEqual(parts(theirs));
    });
  }
});

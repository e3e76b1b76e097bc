/** Byte-identity with botocore (the Python SDK's signing path) for the same clock and credentials. */
import { describe, expect, it } from "vitest";
import { type BotocoreCase, botocoreSign } from "../test-support/botocore.ts";
import { createAgentCorePresigner } from "./presigner.ts";

const NOW = "2026-11-21T12:34:56Z";
const KEY = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example/token==";
const SID = "0f9d2c7e-5b1a-4c1e-9f4e-3a2b1c0d9e8f-interject";

interface Variant {
  name: string;
  region: string;
  base: string;
  arn: string;
  qualifier?: string;
  query?: Array<[string, string]>;
  sessionToken?: string;
  expiresIn: number;
}

const variants: Variant[] = [
  {
    name: "aws partition, no qualifier",
    region: "us-east-1",
    base: "https://bedrock-agentcore.us-east-1.amazonaws.com",
    arn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/my_agent-AbCdEf1234",
    expiresIn: 300,
  },
  {
    name: "aws partition, qualifier, trace level, session token",
    region: "eu-west-1",
    base: "https://bedrock-agentcore.eu-west-1.amazonaws.com",
    arn: "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/chat-XyZ0987654",
    qualifier: "DEFAULT",
    query: [["X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level", "full"]],
    sessionToken: TOKEN,
    expiresIn: 60,
  },
  {
    name: "aws-cn partition",
    region: "cn-north-1",
    base: "https://bedrock-agentcore.cn-north-1.amazonaws.com.cn",
    arn: "arn:aws-cn:bedrock-agentcore:cn-north-1:123456789012:runtime/agent_cn-0000011111",
    qualifier: "prod_v2",
    expiresIn: 1,
  },
  {
    name: "aws-us-gov partition, odd characters in extra params",
    region: "us-gov-west-1",
    base: "https://bedrock-agentcore.us-gov-west-1.amazonaws.com",
    arn: "arn:aws-us-gov:bedrock-agentcore:us-gov-west-1:123456789012:runtime/gov-AAAAAAAAAA",
    query: [
      ["b-param", "a value with spaces/and+plus=eq&amp;~*'()!"],
      ["a_param", "ünïcødé ✓"],
    ],
    sessionToken: TOKEN,
    expiresIn: 300,
  },
  {
    name: "local endpoint over http with a port",
    region: "us-east-1",
    base: "http://127.0.0.1:8790",
    arn: "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/interject_local-0000000000",
    query: [["X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level", "milestones"]],
    expiresIn: 120,
  },
];

function toCase(v: Variant, form: "query" | "header"): BotocoreCase {
  return {
    form,
    base: v.base,
    region: v.region,
    runtimeArn: v.arn,
    ...(v.qualifier === undefined ? {} : { qualifier: v.qualifier }),
    ...(v.query === undefined ? {} : { query: v.query }),
    sessionId: SID,
    expiresIn: v.expiresIn,
    ...KEY,
    ...(v.sessionToken === undefined ? {} : { sessionToken: v.sessionToken }),
    now: NOW,
  };
}

function presignerFor(v: Variant) {
  return createAgentCorePresigner({
    region: v.region,
    endpoint: v.base,
    credentials: { ...KEY, ...(v.sessionToken === undefined ? {} : { sessionToken: v.sessionToken }) },
    now: () => new Date(NOW),
  });
}

function inputFor(v: Variant) {
  return {
    runtimeArn: v.arn,
    ...(v.qualifier === undefined ? {} : { qualifier: v.qualifier }),
    ...(v.query === undefined ? {} : { query: Object.fromEntries(v.query) }),
    sessionId: SID,
    expiresIn: v.expiresIn,
  };
}

describe("presigner vs botocore", () => {
  const query = botocoreSign(variants.map((v) => toCase(v, "query"))).results;
  const header = botocoreSign(variants.map((v) => toCase(v, "header"))).results;

  variants.forEach((v, i) => {
    it(`presigned URL is byte-identical: ${v.name}`, async () => {
      const ours = await presignerFor(v).presignWebSocketUrl(inputFor(v));
      expect(ours.url).toBe(query[i]?.url);
      expect(ours.expiresAt.toISOString()).toBe(new Date(Date.parse(NOW) + v.expiresIn * 1000).toISOString());
    });

    it(`header form matches: ${v.name}`, async () => {
      const ours = await presignerFor(v).signWebSocketHeaders(inputFor(v));
      const ref = header[i];
      // botocore signs the header-form query bytes as written; the script writes them RFC 3986-escaped
      // (see botocore_sign.py), as we do.
      expect(ours.url).toBe(ref?.url);
      expect(ours.headers.Authorization).toBe(ref?.headers?.Authorization);
      expect(ours.headers["X-Amz-Date"]).toBe(ref?.headers?.["X-Amz-Date"]);
      expect(ours.headers["X-Amz-Security-Token"]).toBe(ref?.headers?.["X-Amz-Security-Token"]);
    });
  });

  it("one presigner stays byte-identical across seconds, a new day, runtimes, a refreshed token and rotated keys", async () => {
    // What the presigner keeps between calls (the derived key, the formatted date, the canonical and escaped
    // paths, the escaped scope and token) must follow each change.
    const v = variants[1] as Variant;
    const OTHER_ARN = "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/other_agent-0000000000";
    const OTHER = {
      accessKeyId: "AKIAI44QH8DHBEXAMPLE",
      secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    };
    type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    // `at` is our clock (milliseconds); botocore's is whole seconds, which is all a signature carries.
    const steps: Array<{ at: string; arn?: string; creds: Creds }> = [
      { at: "2026-11-21T23:59:58.000Z", creds: { ...KEY, sessionToken: TOKEN } },
      { at: "2026-11-21T23:59:59.001Z", creds: { ...KEY, sessionToken: TOKEN } },
      { at: "2026-11-21T23:59:59.999Z", creds: { ...KEY, sessionToken: TOKEN }, arn: OTHER_ARN },
      { at: "2026-11-22T00:00:00.000Z", creds: { ...KEY, sessionToken: TOKEN } }, // the day only
      { at: "2026-11-22T00:00:00.500Z", creds: { ...KEY, sessionToken: TOKEN }, arn: OTHER_ARN },
      { at: "2026-11-22T00:00:01.000Z", creds: { ...KEY, sessionToken: `${TOKEN}2` } }, // the token only
      {
        at: "2026-11-22T00:00:02.000Z",
        creds: { ...OTHER, accessKeyId: KEY.accessKeyId, sessionToken: `${TOKEN}2` },
      }, // the secret only
      { at: "2026-11-22T00:00:03.000Z", creds: { ...OTHER, sessionToken: `${TOKEN}2` } }, // the key id only
      { at: "2026-11-22T00:00:04.000Z", creds: { ...KEY } },
    ];
    const { sessionToken: _variantToken, ...common } = toCase(v, "query");
    const expected = botocoreSign(
      steps.map(({ at, arn, creds }) => ({
        ...common,
        ...creds,
        runtimeArn: arn ?? v.arn,
        now: `${at.slice(0, 19)}Z`,
      })),
    ).results;
    // One credentials object, changed in place (as a refreshing provider may): the same signer sees it all.
    const shared: Creds = { ...KEY };
    let step = 0;
    const p = createAgentCorePresigner({
      region: v.region,
      endpoint: v.base,
      credentials: async () => shared,
      now: () => new Date(steps[step]?.at ?? NOW),
    });
    for (; step < steps.length; step++) {
      const { arn, creds } = steps[step] as (typeof steps)[number];
      delete shared.sessionToken;
      Object.assign(shared, creds);
      const input = { ...inputFor(v), runtimeArn: arn ?? v.arn };
      expect((await p.presignWebSocketUrl(input)).url, steps[step]?.at).toBe(expected[step]?.url);
    }
  });

  it("the AWS endpoint default is the regional host botocore is given", async () => {
    const v = variants[0] as Variant;
    const p = createAgentCorePresigner({ region: v.region, credentials: KEY, now: () => new Date(NOW) });
    expect((await p.presignWebSocketUrl(inputFor(v))).url).toBe(query[0]?.url);
  });
});

/** Context validation: defaults, and errors that name the context key a user has to fix. */
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "./config.ts";

const base: Record<string, string> = {
  region: "us-east-1",
  domainName: "chat.example.com",
  certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
  adminEmail: "admin@example.com",
};
const read = (ctx: Record<string, unknown>) => (key: string) => ctx[key];

function errorKey(ctx: Record<string, unknown>, env: Record<string, string> = {}): string | undefined {
  try {
    readConfig(read(ctx), env);
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e.key;
    throw e;
  }
}

describe("readConfig", () => {
  it("fills in the documented defaults", () => {
    const c = readConfig(read(base));
    expect(c).toMatchObject({
      stackName: "Interject",
      availabilityZones: ["us-east-1a", "us-east-1b"],
      agentModel: "bedrock",
      bedrockModelId: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
      agentVoice: "offline",
      novaSonicModelId: "amazon.nova-2-sonic-v1:0",
      sessionIdleSeconds: 900,
      maxLifetimeSeconds: 28_800,
      urlTtlSeconds: 30,
      brokerDesiredCount: 1,
      dbInstanceType: "t4g.micro",
      dbMultiAz: false,
      deletionProtection: true,
      albAccessLogs: false,
      cognitoDomainPrefix: undefined,
    });
  });

  it("takes the region from the CLI's default when no context is given", () => {
    const { region: _omit, ...rest } = base;
    expect(readConfig(read(rest), { CDK_DEFAULT_REGION: "eu-central-1" }).region).toBe("eu-central-1");
    expect(errorKey(rest)).toBe("region");
  });

  it("accepts JSON-typed values from cdk.json", () => {
    const c = readConfig(read({ ...base, sessionIdleSeconds: 120, dbMultiAz: true }));
    expect(c.sessionIdleSeconds).toBe(120);
    expect(c.dbMultiAz).toBe(true);
  });

  it.each([
    [{ domainName: undefined }, "domainName"],
    [{ domainName: "Not A Host" }, "domainName"],
    [{ adminEmail: undefined }, "adminEmail"],
    [{ certificateArn: undefined }, "hostedZoneId"],
    [{ hostedZoneId: "Z123" }, "hostedZoneName"],
    [{ hostedZoneId: "Z123", hostedZoneName: "other.org" }, "hostedZoneName"],
    [{ sessionIdleSeconds: "59" }, "sessionIdleSeconds"],
    [{ sessionIdleSeconds: "28801" }, "sessionIdleSeconds"],
    [{ sessionIdleSeconds: "3600", maxLifetimeSeconds: "1800" }, "maxLifetimeSeconds"],
    [{ urlTtlSeconds: "301" }, "urlTtlSeconds"],
    [{ agentModel: "openai" }, "agentModel"],
    [{ agentVoice: "polly" }, "agentVoice"],
    [{ novaSonicModelId: "Nova Sonic!" }, "novaSonicModelId"],
    [{ dbMultiAz: "yes" }, "dbMultiAz"],
    [{ availabilityZones: "us-east-1a" }, "availabilityZones"],
    [{ availabilityZones: "us-east-1a,eu-west-1b" }, "availabilityZones"],
    [{ agentImageUri: "docker.io/library/node:24" }, "agentImageUri"],
    [{ bedrockModelId: "arn:aws:bedrock:us-east-1::foundation-model/x" }, "bedrockModelId"],
  ])("rejects %o naming %s", (override, key) => {
    expect(errorKey({ ...base, ...override })).toBe(key);
  });

  it("says what to do in the message", () => {
    expect(() => readConfig(read({ ...base, urlTtlSeconds: "900" }))).toThrow(
      'Invalid context value "urlTtlSeconds": must be an integer from 1 to 300, got "900"',
    );
  });

  describe("externalRuntimeArns", () => {
    const a = "arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/team_agent-AbCdEf1234";
    const b = "arn:aws:bedrock-agentcore:eu-west-1:444455556666:runtime/other_agent-ZyXwVu9876";

    it("is empty by default", () => {
      expect(readConfig(read(base)).externalRuntimeArns).toEqual([]);
    });

    it("takes a JSON array from cdk.json, and from -c a JSON array or ARNs separated by commas, each once", () => {
      expect(readConfig(read({ ...base, externalRuntimeArns: [a, b, a] })).externalRuntimeArns).toEqual([
        a,
        b,
      ]);
      expect(
        readConfig(read({ ...base, externalRuntimeArns: JSON.stringify([a, b]) })).externalRuntimeArns,
      ).toEqual([a, b]);
      expect(readConfig(read({ ...base, externalRuntimeArns: ` ${a} , ${b} ` })).externalRuntimeArns).toEqual(
        [a, b],
      );
    });

    it.each([
      ["arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/*"],
      ["arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/g-1"],
      [`${a},`],
      ["[not json"],
      [{ arn: a }],
      [[a, 7]],
    ])("refuses %j, naming the key", (value) => {
      expect(errorKey({ ...base, externalRuntimeArns: value })).toBe("externalRuntimeArns");
    });
  });
});

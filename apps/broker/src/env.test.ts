/** The broker's settings: the built-in agent's runtime and the agents to register, checked as an admin's entry. */
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { describe, expect, it } from "vitest";
import { loadEnv, SettingsError } from "./env.ts";

const EU_ARN = "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/support_bot-AbCdEf1234";

function problems(source: Record<string, string>): Record<string, string> {
  try {
    loadEnv(source);
  } catch (err) {
    if (err instanceof SettingsError)
      return Object.fromEntries(err.problems.map((p) => [p.variable, p.message]));
    throw err;
  }
  return {};
}

describe("loadEnv", () => {
  it("takes the built-in agent's Region from its ARN unless AWS_REGION says it", () => {
    expect(loadEnv({}).AWS_REGION).toBe(LOCAL_RUNTIME.region);
    expect(loadEnv({ AGENTCORE_RUNTIME_ARN: EU_ARN }).AWS_REGION).toBe("eu-west-1");
    expect(loadEnv({ AGENTCORE_RUNTIME_ARN: EU_ARN, AWS_REGION: "eu-west-1" }).AWS_REGION).toBe("eu-west-1");
  });

  it("names a built-in runtime that is wrong, and why", () => {
    expect(problems({ AGENTCORE_RUNTIME_ARN: "arn:aws:s3:::bucket" })).toEqual({
      AGENTCORE_RUNTIME_ARN: expect.stringMatching(/^not a runtime ARN/),
    });
    expect(problems({ AGENTCORE_RUNTIME_ARN: EU_ARN, AWS_REGION: "us-east-1" })).toEqual({
      AWS_REGION: expect.stringMatching(/does not match the runtime ARN's Region \(eu-west-1\)/),
    });
    expect(problems({ AGENTCORE_QUALIFIER: "not ok!" })).toEqual({
      AGENTCORE_QUALIFIER: expect.stringMatching(/endpoint name/),
    });
  });

  it("reads INTERJECT_AGENTS as a JSON list of agents, each checked", () => {
    const list = [{ name: "example", displayName: "Example", runtimeArn: EU_ARN, protocolLevel: "full" }];
    expect(loadEnv({ INTERJECT_AGENTS: JSON.stringify(list) }).INTERJECT_AGENTS).toEqual(list);
    expect(loadEnv({}).INTERJECT_AGENTS).toEqual([]);
    expect(problems({ INTERJECT_AGENTS: "[{" })).toEqual({
      INTERJECT_AGENTS: expect.stringMatching(/JSON list of agents/),
    });
    expect(
      problems({ INTERJECT_AGENTS: JSON.stringify([{ name: "x", displayName: "X", runtimeArn: "nope" }]) }),
    ).toEqual({ "INTERJECT_AGENTS.0.runtimeArn": expect.stringMatching(/^not a runtime ARN/) });
    expect(problems({ INTERJECT_AGENTS: JSON.stringify([...list, ...list]) })).toEqual({
      INTERJECT_AGENTS: "two agents have the same name",
    });
    expect(problems({ INTERJECT_AGENTS: JSON.stringify([{ ...list[0], name: "interject" }]) })).toEqual({
      INTERJECT_AGENTS: expect.stringMatching(/built-in agent's name/),
    });
  });

  it("refuses agents to register when one agent is pinned", () => {
    const list = [{ name: "example", displayName: "Example", runtimeArn: EU_ARN }];
    expect(problems({ INTERJECT_PIN_AGENT: "true", INTERJECT_AGENTS: JSON.stringify(list) })).toEqual({
      INTERJECT_AGENTS: expect.stringMatching(
        /INTERJECT_PIN_AGENT serves only the agent of AGENTCORE_RUNTIME_ARN/,
      ),
    });
    expect(loadEnv({ INTERJECT_PIN_AGENT: "true" }).INTERJECT_PIN_AGENT).toBe(true);
  });
});

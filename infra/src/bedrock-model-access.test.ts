/** Which ARNs the agent may stream from, for plain model ids and for cross-Region inference profiles. */
import { Stack } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { BEDROCK_STREAM_ACTION, bedrockModelStatements, parseModelId } from "./bedrock-model-access.ts";

const render = (modelId: string) => {
  const stack = new Stack(undefined, "S", { env: { account: "123456789012", region: "us-west-2" } });
  return bedrockModelStatements(modelId).map((s) => stack.resolve(s.toStatementJson()));
};

describe("parseModelId", () => {
  it.each([
    [
      "anthropic.claude-3-haiku-20240307-v1:0",
      "foundation-model",
      "anthropic.claude-3-haiku-20240307-v1:0",
      false,
    ],
    ["amazon.nova-lite-v1:0", "foundation-model", "amazon.nova-lite-v1:0", false],
    [
      "us.anthropic.claude-haiku-4-5-20251001-v1:0",
      "inference-profile",
      "anthropic.claude-haiku-4-5-20251001-v1:0",
      false,
    ],
    ["eu.amazon.nova-pro-v1:0", "inference-profile", "amazon.nova-pro-v1:0", false],
    [
      "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "inference-profile",
      "anthropic.claude-sonnet-4-5-20250929-v1:0",
      true,
    ],
  ])("%s is a %s of %s", (id, kind, model, global) => {
    expect(parseModelId(id)).toEqual({ kind, id, foundationModelId: model, global });
  });
});

describe("bedrockModelStatements", () => {
  it("grants one action on the one foundation model in this Region", () => {
    const [only, ...rest] = render("amazon.nova-lite-v1:0");
    expect(rest).toEqual([]);
    expect(only).toMatchObject({
      Action: BEDROCK_STREAM_ACTION,
      Effect: "Allow",
      Resource: {
        "Fn::Join": [
          "",
          [
            "arn:",
            { Ref: "AWS::Partition" },
            ":bedrock:",
            { Ref: "AWS::Region" },
            "::foundation-model/amazon.nova-lite-v1:0",
          ],
        ],
      },
    });
  });

  it("binds the foundation-model grant of a profile to that profile", () => {
    const statements = render("us.anthropic.claude-haiku-4-5-20251001-v1:0");
    expect(statements).toHaveLength(2);
    for (const s of statements) expect(s.Action).toBe(BEDROCK_STREAM_ACTION);
    const [profile, model] = statements;
    expect(JSON.stringify(profile.Resource)).toContain(
      ":inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
    );
    expect(JSON.stringify(model.Resource)).toContain(
      ":bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",
    );
    expect(model.Condition.ArnEquals["bedrock:InferenceProfileArn"]).toEqual(profile.Resource);
  });

  it("adds the Region-less model ARN for a global profile", () => {
    const [, model] = render("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    expect(JSON.stringify(model.Resource)).toContain(
      ":bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
    );
  });
});

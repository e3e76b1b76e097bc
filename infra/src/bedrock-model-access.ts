/**
 * The agent's permission to call Bedrock: one action (`bedrock:InvokeModelWithResponseStream`, what
 * ConverseStream needs) on the one configured model. A cross-Region inference profile id (`us.`, `eu.`,
 * `global.`, ...) needs the profile ARN plus the underlying foundation model in the Regions the profile
 * routes to, and the second grant is bound to that profile with the `bedrock:InferenceProfileArn` condition,
 * so the role cannot call the foundation model directly or through any other profile.
 */
import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";

export const BEDROCK_STREAM_ACTION = "bedrock:InvokeModelWithResponseStream";

/** Prefixes of the system-defined cross-Region inference profiles. */
const PROFILE_PREFIXES = ["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"] as const;

export interface ModelTarget {
  kind: "foundation-model" | "inference-profile";
  /** The id the agent sends (AGENT_BEDROCK_MODEL_ID). */
  id: string;
  /** The foundation model behind it (the id itself for a foundation model). */
  foundationModelId: string;
  global: boolean;
}

export function parseModelId(id: string): ModelTarget {
  const dot = id.indexOf(".");
  const prefix = dot > 0 ? id.slice(0, dot) : "";
  if ((PROFILE_PREFIXES as readonly string[]).includes(prefix) && id.slice(dot + 1).includes(".")) {
    return {
      kind: "inference-profile",
      id,
      foundationModelId: id.slice(dot + 1),
      global: prefix === "global",
    };
  }
  return { kind: "foundation-model", id, foundationModelId: id, global: false };
}

/** The policy statements that let a role stream from exactly this model. */
export function bedrockModelStatements(modelId: string): iam.PolicyStatement[] {
  const target = parseModelId(modelId);
  const p = Aws.PARTITION;
  if (target.kind === "foundation-model") {
    return [
      new iam.PolicyStatement({
        sid: "StreamFromConfiguredModel",
        actions: [BEDROCK_STREAM_ACTION],
        resources: [`arn:${p}:bedrock:${Aws.REGION}::foundation-model/${target.id}`],
      }),
    ];
  }
  const profileArn = `arn:${p}:bedrock:${Aws.REGION}:${Aws.ACCOUNT_ID}:inference-profile/${target.id}`;
  const modelArns = [`arn:${p}:bedrock:*::foundation-model/${target.foundationModelId}`];
  // Global profiles route to Regions that are not named in the model ARN (the Region field is empty).
  if (target.global) modelArns.push(`arn:${p}:bedrock:::foundation-model/${target.foundationModelId}`);
  return [
    new iam.PolicyStatement({
      sid: "StreamThroughConfiguredProfile",
      actions: [BEDROCK_STREAM_ACTION],
      resources: [profileArn],
    }),
    new iam.PolicyStatement({
      sid: "StreamFromProfileModelOnly",
      actions: [BEDROCK_STREAM_ACTION],
      resources: modelArns,
      conditions: { ArnEquals: { "bedrock:InferenceProfileArn": profileArn } },
    }),
  ];
}

/** Parses and checks runtime ARNs and regions, so a typo fails at signing time with the field named. */
import { AgentCoreSigningError } from "./errors.ts";

export interface RuntimeArn {
  partition: string;
  region: string;
  accountId: string;
  runtimeId: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
// partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...
const ARN = /^arn:(aws(?:-[a-z]+)*):bedrock-agentcore:([a-z0-9-]+):(\d{12}):runtime\/([A-Za-z0-9_-]{1,100})$/;
const QUALIFIER = /^[A-Za-z0-9_-]{1,100}$/;

export function isValidRegion(region: string): boolean {
  return REGION.test(region);
}

export function assertRegion(region: string): void {
  if (!isValidRegion(region)) {
    throw new AgentCoreSigningError("region", `"${region}" is not an AWS region name such as us-east-1`);
  }
}

/** Returns the parts of a runtime ARN, or throws AgentCoreSigningError("runtimeArn"). */
export function parseRuntimeArn(arn: string): RuntimeArn {
  const m = ARN.exec(arn);
  if (!m) {
    throw new AgentCoreSigningError(
      "runtimeArn",
      "expected arn:<partition>:bedrock-agentcore:<region>:<12-digit account>:runtime/<runtime id>",
    );
  }
  const [, partition = "", region = "", accountId = "", runtimeId = ""] = m;
  if (!isValidRegion(region)) {
    throw new AgentCoreSigningError("runtimeArn", `the ARN's region "${region}" is not a region name`);
  }
  return { partition, region, accountId, runtimeId };
}

export function assertQualifier(qualifier: string): void {
  if (!QUALIFIER.test(qualifier)) {
    throw new AgentCoreSigningError("qualifier", "expected 1 to 100 letters, digits, '_' or '-'");
  }
}

/** The DNS suffix of the regional AgentCore endpoint for a region, as the SDK endpoint rules give it. */
export function awsEndpointFor(region: string): string {
  const suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return `https://bedrock-agentcore.${region}.${suffix}`;
}

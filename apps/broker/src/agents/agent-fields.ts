/**
 * What an agent of the registry is made of, and the checks that say what is wrong with one, field by field:
 * the admin API (create and edit), the settings that register agents on first start (INTERJECT_AGENTS) and the
 * built-in agent's settings all go through these, so a malformed ARN or a Region that does not match it gets
 * the same words wherever it was typed.
 */
import {
  AgentCoreSigningError,
  assertQualifier,
  isValidRegion,
  parseRuntimeArn,
} from "@interject/agentcore-sigv4";
import { AgentProtocolLevel, TraceLevel } from "@interject/protocol";
import { z } from "zod";

/** Who may start conversations with an agent. */
export const AgentAccess = z.enum(["everyone", "admins"]);
export type AgentAccess = z.infer<typeof AgentAccess>;

export const AGENT_NAME_MAX = 40;
const NAME = /^[a-z0-9][a-z0-9-]*$/;

export const AgentName = z
  .string()
  .trim()
  .min(1, "give the agent a short name")
  .max(AGENT_NAME_MAX, `use at most ${AGENT_NAME_MAX} characters`)
  .regex(
    NAME,
    "use lower-case letters, digits and hyphens, starting with a letter or digit (e.g. support-bot)",
  );
export const DisplayName = z.string().trim().min(1, "give the agent a name people see").max(100);
export const Description = z.string().trim().max(500, "use at most 500 characters");
/** A field's problem in words, or undefined. */
type Check = (value: string) => string | undefined;

function checked(schema: z.ZodString, check: Check) {
  return schema.superRefine((value, ctx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

export const runtimeArnProblem: Check = (arn) => {
  try {
    parseRuntimeArn(arn.trim());
    return undefined;
  } catch (err) {
    return err instanceof AgentCoreSigningError
      ? `not a runtime ARN: ${err.message.replace(/^runtimeArn: /, "")}`
      : "not a runtime ARN";
  }
};

export const qualifierProblem: Check = (qualifier) => {
  if (qualifier.trim() === "") return undefined;
  try {
    assertQualifier(qualifier.trim());
    return undefined;
  } catch {
    return "use 1 to 100 letters, digits, '_' or '-' (an endpoint name such as DEFAULT)";
  }
};

export const regionNameProblem: Check = (region) =>
  region.trim() === "" || isValidRegion(region.trim())
    ? undefined
    : `"${region.trim()}" is not an AWS Region name such as us-east-1`;

export const RuntimeArnText = checked(
  z.string().trim().min(1, "give the runtime's ARN").max(2048),
  runtimeArnProblem,
);
export const QualifierText = checked(z.string().trim().max(100), qualifierProblem);
export const RegionText = checked(z.string().trim().max(50), regionNameProblem);

/** Every field an admin (or the settings) may give; `region` defaults to the ARN's. */
export const agentFieldShape = {
  name: AgentName,
  displayName: DisplayName,
  description: Description.optional(),
  runtimeArn: RuntimeArnText,
  qualifier: QualifierText.optional(),
  region: RegionText.optional(),
  protocolLevel: AgentProtocolLevel.optional(),
  access: AgentAccess.optional(),
  defaultTraceLevel: TraceLevel.optional(),
  enabled: z.boolean().optional(),
  isDefault: z.boolean().optional(),
};

/** Where an agent's connections go: signed for this ARN (and endpoint qualifier) in this Region. */
export interface AgentTarget {
  runtimeArn: string;
  qualifier: string | null;
  region: string;
}

export type FieldProblems = Partial<Record<"runtimeArn" | "qualifier" | "region", string>>;

/**
 * The runtime fields' problems, each in words that say what to do. An empty qualifier means none (the
 * runtime's DEFAULT endpoint); an empty Region means the ARN's.
 */
export function agentTargetProblems(input: {
  runtimeArn: string;
  qualifier?: string | null | undefined;
  region?: string | null | undefined;
}): FieldProblems {
  const problems: FieldProblems = {};
  const arn = runtimeArnProblem(input.runtimeArn);
  if (arn) problems.runtimeArn = arn;
  const qualifier = qualifierProblem(input.qualifier ?? "");
  if (qualifier) problems.qualifier = qualifier;
  const region = input.region?.trim() ?? "";
  const regionName = regionNameProblem(region);
  if (regionName) problems.region = regionName;
  else if (region !== "" && !arn) {
    const arnRegion = parseRuntimeArn(input.runtimeArn.trim()).region;
    if (region !== arnRegion)
      problems.region = `${region} does not match the runtime ARN's Region (${arnRegion}): a runtime is reached in its own Region`;
  }
  return problems;
}

/** Where a registered agent's connections go. */
export const targetOf = (agent: AgentTarget): AgentTarget => ({
  runtimeArn: agent.runtimeArn,
  qualifier: agent.qualifier,
  region: agent.region,
});

/** The target of a valid input: trimmed, the qualifier null when empty, the Region the ARN's when empty. */
export function agentTarget(input: {
  runtimeArn: string;
  qualifier?: string | null | undefined;
  region?: string | null | undefined;
}): AgentTarget {
  const runtimeArn = input.runtimeArn.trim();
  return {
    runtimeArn,
    qualifier: input.qualifier?.trim() || null,
    region: input.region?.trim() || parseRuntimeArn(runtimeArn).region,
  };
}

/**
 * The fields of a new agent. Each field is checked on its own (so every wrong field is named at once), then
 * the runtime fields together (a Region that does not match the ARN).
 */
export const NewAgentInput = z.strictObject(agentFieldShape).superRefine((value, ctx) => {
  for (const [field, message] of Object.entries(agentTargetProblems(value)))
    ctx.addIssue({ code: "custom", path: [field], message });
});
export type NewAgentInput = z.infer<typeof NewAgentInput>;

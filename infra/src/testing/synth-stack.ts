/**
 * Test helper: synthesizes the stack from a context map, the way `cdk synth -c ...` does, and returns the
 * template. Prebuilt image URIs are the default here so that template tests do not stage the Docker build
 * context; synth.test.ts covers the asset path.
 */
import { Template } from "aws-cdk-lib/assertions";
import { createApp } from "../app.ts";

export const BASE_CONTEXT: Record<string, string> = {
  account: "123456789012",
  region: "eu-west-1",
  domainName: "chat.example.com",
  hostedZoneId: "Z0123456789ABCDEFGHIJ",
  hostedZoneName: "example.com",
  adminEmail: "admin@example.com",
  agentImageUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/interject-agent:v1",
  brokerImageUri: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/interject-broker:v1",
};

export function synthTemplate(context: Record<string, string | undefined> = {}) {
  const merged = Object.fromEntries(
    Object.entries({ ...BASE_CONTEXT, ...context }).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const { stack, config } = createApp({ context: merged }, {});
  return { stack, config, template: Template.fromStack(stack) };
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every IAM statement in the template with the logical id of the policy or role that holds it. */
export function allStatements(resources: Resources): { owner: string; statement: PolicyStatement }[] {
  const out: { owner: string; statement: PolicyStatement }[] = [];
  for (const [id, r] of Object.entries(resources)) {
    const docs: unknown[] = [];
    if (r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy")
      docs.push(r.Properties?.PolicyDocument);
    if (r.Type === "AWS::IAM::Role") {
      const inline = (r.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? [];
      for (const p of inline) docs.push(p.PolicyDocument);
    }
    for (const doc of docs) {
      for (const statement of (doc as { Statement: PolicyStatement[] }).Statement)
        out.push({ owner: id, statement });
    }
  }
  return out;
}

export const actionsOf = (s: PolicyStatement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: PolicyStatement): unknown[] =>
  Array.isArray(s.Resource) ? s.Resource : s.Resource === undefined ? [] : [s.Resource];

/** The logical id in `{ Ref: id }`; throws when the value is not a Ref, so a test fails loudly. */
export function refOf(value: unknown): string {
  const id = (value as { Ref?: unknown } | undefined)?.Ref;
  if (typeof id !== "string") throw new Error(`expected a Ref, got ${JSON.stringify(value)}`);
  return id;
}

/** The logical id in `{ "Fn::GetAtt": [id, attribute] }`. */
export function getAttOf(value: unknown): string {
  const id = (value as { "Fn::GetAtt"?: unknown[] } | undefined)?.["Fn::GetAtt"]?.[0];
  if (typeof id !== "string") throw new Error(`expected Fn::GetAtt, got ${JSON.stringify(value)}`);
  return id;
}

/**
 * From the command line's target to something the suite can connect to. A registered agent (`--agent <name>`,
 * once the agents registry exists) becomes one more case here: look the name up and return
 * `runtimeTarget({ runtimeArn, qualifier, region, endpoint }, env)` from its entry.
 */
import type { TargetSpec } from "./args.ts";
import type { Env } from "./env.ts";
import { runtimeTarget } from "./runtime-target.ts";
import { type AgentTarget, urlTarget } from "./target.ts";

export async function resolveTarget(spec: TargetSpec, env: Env): Promise<AgentTarget> {
  switch (spec.kind) {
    case "url":
      return urlTarget(spec.url);
    case "runtime":
      return runtimeTarget(spec, env);
  }
}

/**
 * From the command line's target to something the suite can connect to: a URL as it is, a runtime ARN signed
 * per connection, or a registered agent's runtime as its broker's registry describes it (registered-agent.ts).
 */
import type { TargetSpec } from "./args.ts";
import type { Env } from "./env.ts";
import { lookUpRegisteredAgent } from "./registered-agent.ts";
import { runtimeTarget } from "./runtime-target.ts";
import { type AgentTarget, urlTarget } from "./target.ts";

export async function resolveTarget(spec: TargetSpec, env: Env): Promise<AgentTarget> {
  switch (spec.kind) {
    case "url":
      return urlTarget(spec.url);
    case "runtime":
      return runtimeTarget(spec, env);
    case "agent": {
      const registered = await lookUpRegisteredAgent(spec.name, env, spec.endpoint);
      const target = await runtimeTarget(registered.runtime, env);
      const disabled = registered.enabled ? "" : ", disabled in the registry";
      return { ...target, description: `agent "${spec.name}" (${target.description}${disabled})` };
    }
  }
}

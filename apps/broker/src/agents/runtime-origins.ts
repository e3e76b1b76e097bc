/**
 * The WebSocket origins the browser may connect to (the CSP's connect-src): the runtime endpoint the broker's
 * URLs point at. Locally that is one base URL whatever the agent; with AWS it is the regional endpoint of each
 * agent's Region, so the list follows the registry (its last read; a page loaded before an agent in a new
 * Region was registered needs a reload to reach it).
 */
import type { Env } from "../env.ts";
import { runtimeOrigin } from "../minting/minter.ts";
import type { AgentDirectory, AgentRow } from "./directory.ts";

export type RuntimeOrigins = string | (() => string);

export function runtimeOriginsFor(
  env: Pick<Env, "AGENTCORE_ENDPOINT" | "AWS_REGION">,
  directory: AgentDirectory,
): RuntimeOrigins {
  if (env.AGENTCORE_ENDPOINT !== "aws") return runtimeOrigin(env.AGENTCORE_ENDPOINT, env.AWS_REGION);
  let rows: readonly AgentRow[] | undefined;
  let origins = "";
  return () => {
    const latest = directory.latest();
    if (latest !== rows) {
      rows = latest;
      const regions = new Set([env.AWS_REGION, ...latest.map((a) => a.region)]);
      origins = [...regions]
        .sort()
        .map((region) => runtimeOrigin("aws", region))
        .join(" ");
    }
    return origins;
  };
}

/**
 * The registry at every start, before the broker listens: the built-in agent (registered by the migration)
 * reaches the runtime of AGENTCORE_RUNTIME_ARN, AGENTCORE_QUALIFIER and AWS_REGION, and the agents listed in
 * INTERJECT_AGENTS are registered, each once, by short name (an existing agent is never changed by the list).
 * Both are audit-logged as changes made by the settings.
 */
import type { Logger } from "pino";
import type { Audit } from "../audit/audit.ts";
import type { Db } from "../db/open.ts";
import { BUILT_IN_AGENT_ID } from "../db/schema.ts";
import type { Env } from "../env.ts";
import { agentDirectoryFor } from "./directory.ts";
import { registerListedAgents, syncBuiltInAgent } from "./store.ts";

export async function bootstrapAgents(db: Db, env: Env, audit: Audit, log: Logger): Promise<void> {
  const target = {
    runtimeArn: env.AGENTCORE_RUNTIME_ARN,
    qualifier: env.AGENTCORE_QUALIFIER ?? null,
    region: env.AWS_REGION,
  };
  if (await syncBuiltInAgent(db, target, env.INTERJECT_PIN_AGENT)) {
    log.info(
      { runtimeArn: target.runtimeArn, pinned: env.INTERJECT_PIN_AGENT },
      "built-in agent set from the settings",
    );
    audit.record({
      actorUserId: null,
      action: "agent.updated",
      targetType: "agent",
      targetId: BUILT_IN_AGENT_ID,
      detail: { via: "settings", runtimeArn: target.runtimeArn, pinned: env.INTERJECT_PIN_AGENT },
    });
  }
  const registered = await registerListedAgents(db, env.INTERJECT_AGENTS);
  const byName = new Map((await agentDirectoryFor(db).all()).map((a) => [a.name, a]));
  for (const name of registered) {
    const agent = byName.get(name);
    log.info({ agent: name }, "agent registered from INTERJECT_AGENTS");
    audit.record({
      actorUserId: null,
      action: "agent.registered",
      targetType: "agent",
      ...(agent ? { targetId: agent.id } : {}),
      detail: { via: "settings", name, ...(agent ? { runtimeArn: agent.runtimeArn } : {}) },
    });
  }
}

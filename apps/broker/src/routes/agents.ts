/**
 * /api/agents: the agents the caller may start conversations with (enabled, and open to them), by display
 * name, with the one preselected for a new conversation marked `isDefault`.
 */
import { Hono } from "hono";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";

export function agentRoutes(s: Services) {
  return new Hono<AppEnv>().use(requireUser(s)).get("/", async (c) => {
    const role = c.var.user.role;
    const [usable, preselected] = await Promise.all([s.agents.usableBy(role), s.agents.defaultFor(role)]);
    return c.json({
      agents: usable.map((a) => ({
        id: a.id,
        name: a.name,
        displayName: a.displayName,
        description: a.description,
        protocolLevel: a.protocolLevel,
        isDefault: a.id === preselected?.id,
      })),
    });
  });
}

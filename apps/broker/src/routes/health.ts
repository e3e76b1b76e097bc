/**
 * GET /api/health: whether the broker can serve, for the start script, the container HEALTHCHECK and the
 * load balancer. It asks the database one trivial question, so a lost database shows as unhealthy.
 */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv, Services } from "../context.ts";

export function healthRoutes(s: Services) {
  return new Hono<AppEnv>().get("/", async (c) => {
    try {
      await s.db.execute(sql`select 1`);
      return c.json({ status: "ok" as const });
    } catch (error) {
      s.log.error({ err: error }, "health check: database unreachable");
      return c.json({ status: "unavailable" as const }, 503);
    }
  });
}

/**
 * `POST /api/conversations/:id/turns?branch=`: a browser reports a turn it saw end on a branch of the
 * conversation (the first one without `branch`), for an agent that reports nothing itself (the basic level). The conversation's owner only (404 otherwise, as everywhere); limited per user
 * (429) and in size (413, `MAX_REPORTED_TURN_BYTES`, above the API's usual 64 KB: an answer can be long);
 * idempotent by turn id (201 stored, 200 already stored); refused (409) when the agent reports its own turns
 * (registered at the full level, or it reported events for the session), so nothing a browser says can stand
 * beside or over what the agent reported.
 */
import { MAX_REPORTED_TURN_BYTES, ReportedTurn } from "@interject/protocol";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { branchSessionId } from "../conversations/branches.ts";
import { ownConversation } from "../conversations/store.ts";
import { ApiError } from "../errors.ts";
import { agentReports, storeReportedTurn } from "../history/reported-turns.ts";
import { apiBodyLimit, payloadTooLarge } from "../security/body-limit.ts";
import { validate } from "../security/validate.ts";

/** The route's path under /api, for the API-wide body limit to leave it to this one's. */
export const TURN_REPORT_PATH = /^\/api\/conversations\/[^/]+\/turns\/?$/;

export function turnReportRoutes(s: Services) {
  // Counted before the body is read or checked, so a flood of bad reports costs its sender too.
  const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
    const wait = await s.turnReportLimit.take(c.var.user.id);
    if (wait > 0)
      throw new ApiError(429, "rate_limited", `too many turn reports; try again in ${wait} s`, wait);
    await next();
  });
  return new Hono<AppEnv>().post(
    "/:id/turns",
    requireUser(s),
    apiBodyLimit(MAX_REPORTED_TURN_BYTES, payloadTooLarge(MAX_REPORTED_TURN_BYTES)),
    validate("param", z.object({ id: z.uuid() })),
    validate("query", z.object({ branch: z.uuid().optional() })),
    rateLimit,
    validate("json", ReportedTurn),
    async (c) => {
      const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
      // The turn belongs to the branch the browser is on (each branch is its own runtime session).
      const branch = c.req.valid("query").branch;
      const sessionId = branch ? await branchSessionId(s.db, row.id, branch) : row.sessionId;
      // A full agent reports its own turns; one registered as `detect` may turn out to (then it has events).
      const agent = await s.agents.byId(row.agentId);
      if (agent?.protocolLevel === "full" || (await agentReports(s.db, sessionId))) {
        throw new ApiError(409, "conflict", "this conversation's agent reports its own turns");
      }
      const turn = c.req.valid("json");
      const created = await storeReportedTurn(s.db, sessionId, turn);
      return c.json({ turnId: turn.turnId, created }, created ? 201 : 200);
    },
  );
}

/**
 * /api/conversations/:id/feedback and /api/conversations/:id/turns/:turnId/feedback: the owner's thumbs up
 * or down, with an optional comment, on each answer. Mounted beside conversations.ts on the same prefix.
 */
import { FEEDBACK_RATINGS, Id, MAX_FEEDBACK_COMMENT_CHARS } from "@interject/protocol";
import { Hono } from "hono";
import { z } from "zod";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { ownSession } from "../conversations/store.ts";
import { ApiError, notFound } from "../errors.ts";
import { clearFeedback, listFeedback, setFeedback } from "../feedback/store.ts";
import { validate } from "../security/validate.ts";

const TurnParam = z.object({ id: z.uuid(), turnId: Id });
const FeedbackInput = z.strictObject({
  rating: z.enum(FEEDBACK_RATINGS),
  comment: z.string().max(MAX_FEEDBACK_COMMENT_CHARS).optional(),
});

export function feedbackRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireUser(s))
    .get("/:id/feedback", validate("param", z.object({ id: z.uuid() })), async (c) => {
      const { sessionId } = await ownSession(s.db, c.var.user.id, c.req.valid("param").id);
      return c.json({ items: await listFeedback(s.db, sessionId) });
    })
    .put(
      "/:id/turns/:turnId/feedback",
      validate("param", TurnParam),
      validate("json", FeedbackInput),
      async (c) => {
        const { id, turnId } = c.req.valid("param");
        const { sessionId } = await ownSession(s.db, c.var.user.id, id);
        const result = await setFeedback(s.db, sessionId, turnId, c.req.valid("json"));
        if (result === "no_turn") throw notFound("answer");
        if (result === "streaming")
          throw new ApiError(409, "conflict", "this answer is still being written; rate it once it ends");
        return c.json({ feedback: result });
      },
    )
    .delete("/:id/turns/:turnId/feedback", validate("param", TurnParam), async (c) => {
      const { id, turnId } = c.req.valid("param");
      const { sessionId } = await ownSession(s.db, c.var.user.id, id);
      if (!(await clearFeedback(s.db, sessionId, turnId))) throw notFound("answer");
      return c.body(null, 204);
    });
}

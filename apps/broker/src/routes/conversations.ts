/**
 * /api/conversations: the caller's own conversations, their connection URLs, turns and events. Every route
 * looks the conversation up by (id, owner), so someone else's answers 404 exactly like a missing one.
 */
import { Hono } from "hono";
import { z } from "zod";
import { storageKeysOf } from "../attachments/store.ts";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import {
  createConversation,
  deleteConversation,
  listOwn,
  ownConversation,
  ownSessionId,
  renameConversation,
  toConversation,
} from "../conversations/store.ts";
import { ApiError } from "../errors.ts";
import { lastSeqOf, listEvents, listTurns } from "../history/read.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";

const Title = z.string().trim().min(1).max(200);
const IdParam = z.object({ id: z.uuid() });
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(500).optional(),
  q: z.string().max(200).optional(),
});
const EventsQuery = z.object({ afterSeq: z.coerce.number().int().min(0).default(0) });

export function conversationRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireUser(s))
    .get("/", validate("query", ListQuery), async (c) => {
      const page = await listOwn(s.db, c.var.user.id, c.req.valid("query"));
      return c.json({ items: page.rows.map(toConversation), nextCursor: page.nextCursor });
    })
    .post("/", validate("json", z.strictObject({ title: Title.optional() })), async (c) => {
      const row = await createConversation(s.db, c.var.user.id, c.req.valid("json").title);
      return c.json({ conversation: toConversation(row) }, 201);
    })
    .patch(
      "/:id",
      validate("param", IdParam),
      validate("json", z.strictObject({ title: Title })),
      async (c) => {
        const row = await renameConversation(
          s.db,
          c.var.user.id,
          c.req.valid("param").id,
          c.req.valid("json").title,
        );
        return c.json({ conversation: toConversation(row) });
      },
    )
    .delete("/:id", validate("param", IdParam), async (c) => {
      const id = c.req.valid("param").id;
      const objects = await storageKeysOf(s.db, { conversationId: id });
      const deleted = await deleteConversation(s.db, c.var.user.id, id);
      await s.revoker.conversationDeleted(deleted);
      await s.attachments.remove(objects);
      s.audit.record({
        actorUserId: c.var.user.id,
        action: "conversation.deleted",
        targetType: "conversation",
        targetId: id,
      });
      return c.body(null, 204);
    })
    .post("/:id/connection", validate("param", IdParam), async (c) => {
      const user = c.var.user;
      const id = c.req.valid("param").id;
      const sessionId = await ownSessionId(s.db, user.id, id);
      const wait = await s.mintLimit.take(user.id);
      if (wait > 0)
        throw new ApiError(429, "rate_limited", `too many connection requests; try again in ${wait} s`, wait);
      // Recorded before the URL exists, so a revocation from now on finds this session (a write a minute at most).
      await s.connectionMarks.mark(s.db, id, Date.now());
      const traceLevel = user.role === "admin" ? "full" : "milestones";
      let minted: Awaited<ReturnType<typeof s.minter.mint>>;
      try {
        minted = await s.minter.mint(sessionId, traceLevel);
      } catch (err) {
        s.log.error({ err: (err as Error).message, conversation: id }, "could not sign a connection URL");
        throw new ApiError(
          503,
          "signing_failed",
          "the broker cannot sign connection URLs right now; try again shortly",
        );
      }
      // The URL is a bearer credential: audit who got one for which session, never the URL itself.
      s.audit.record({
        actorUserId: user.id,
        action: "connection.minted",
        targetType: "conversation",
        targetId: id,
        detail: { sessionId, traceLevel, expiresAt: minted.expiresAt.toISOString() },
        source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
      });
      c.header("Cache-Control", "no-store");
      return c.json({
        url: minted.url,
        expiresAt: minted.expiresAt.toISOString(),
        sessionId: minted.sessionId,
      });
    })
    .get("/:id/messages", validate("param", IdParam), async (c) => {
      const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
      const [turns, lastSeq] = await Promise.all([
        listTurns(s.db, row.sessionId),
        lastSeqOf(s.db, row.sessionId),
      ]);
      return c.json({ turns, lastSeq });
    })
    .get("/:id/events", validate("param", IdParam), validate("query", EventsQuery), async (c) => {
      const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
      const level = c.var.user.role === "admin" ? "full" : "milestones";
      const [events, lastSeq] = await Promise.all([
        listEvents(s.db, row.sessionId, c.req.valid("query").afterSeq, level),
        lastSeqOf(s.db, row.sessionId),
      ]);
      return c.json({ events, lastSeq });
    });
}

/**
 * /api/conversations: the caller's own conversations, their connection URLs, turns and events. Every route
 * looks the conversation up by (id, owner), so someone else's answers 404 exactly like a missing one. A
 * conversation talks to the agent it was created with; its connection URLs are signed for that agent's runtime,
 * and refused (403 agent_unavailable, with why) while the caller may not use the agent.
 */
import { Hono } from "hono";
import { z } from "zod";
import { targetOf } from "../agents/agent-fields.ts";
import { AgentUnavailableError } from "../agents/registry.ts";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import {
  createConversation,
  deleteConversation,
  listOwn,
  ownConversation,
  ownSession,
  renameConversation,
  toConversations,
  toConversationView,
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
      return c.json({ items: await toConversations(s.agents, page.rows), nextCursor: page.nextCursor });
    })
    .post(
      "/",
      validate("json", z.strictObject({ title: Title.optional(), agentId: z.uuid().optional() })),
      async (c) => {
        const { title, agentId } = c.req.valid("json");
        const role = c.var.user.role;
        const agent = agentId ? await s.agents.requireUsable(agentId, role) : await s.agents.defaultFor(role);
        if (!agent) throw new AgentUnavailableError("No agent is available to you; ask an administrator.");
        const row = await createConversation(s.db, c.var.user.id, title, agent.id);
        const conversation = await toConversationView(s.agents, row);
        return c.json({ conversation }, 201);
      },
    )
    .get("/:id", validate("param", IdParam), async (c) => {
      const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
      const conversation = await toConversationView(s.agents, row);
      return c.json({ conversation });
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
        const conversation = await toConversationView(s.agents, row);
        return c.json({ conversation });
      },
    )
    .delete("/:id", validate("param", IdParam), async (c) => {
      const id = c.req.valid("param").id;
      const deleted = await deleteConversation(s.db, c.var.user.id, id);
      await s.revoker.conversationDeleted(deleted);
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
      const { sessionId, agentId } = await ownSession(s.db, user.id, id);
      const agent = await s.agents.byId(agentId);
      if (!agent) throw new AgentUnavailableError("This conversation's agent is gone.");
      const refusal = s.agents.refusal(agent, user.role);
      if (refusal) throw new AgentUnavailableError(refusal);
      const wait = await s.mintLimit.take(user.id);
      if (wait > 0)
        throw new ApiError(429, "rate_limited", `too many connection requests; try again in ${wait} s`, wait);
      // Recorded before the URL exists, so a revocation from now on finds this session (a write a minute at most).
      await s.connectionMarks.mark(s.db, id, Date.now());
      const traceLevel = s.agents.traceLevelFor(agent, user.role);
      let minted: Awaited<ReturnType<typeof s.minter.mint>>;
      try {
        minted = await s.minter.mint(targetOf(agent), sessionId, traceLevel);
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
        detail: { sessionId, agentId, traceLevel, expiresAt: minted.expiresAt.toISOString() },
        source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
      });
      c.header("Cache-Control", "no-store");
      return c.json({
        url: minted.url,
        expiresAt: minted.expiresAt.toISOString(),
        sessionId: minted.sessionId,
        protocolLevel: agent.protocolLevel,
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
      const agent = await s.agents.byId(row.agentId);
      const level = agent ? s.agents.traceLevelFor(agent, c.var.user.role) : "milestones";
      const [events, lastSeq] = await Promise.all([
        listEvents(s.db, row.sessionId, c.req.valid("query").afterSeq, level),
        lastSeqOf(s.db, row.sessionId),
      ]);
      return c.json({ events, lastSeq });
    });
}

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
import { storageKeysOf } from "../attachments/store.ts";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { branchSessionId, forkBranch, readBranch } from "../conversations/branches.ts";
import { searchOwn } from "../conversations/search.ts";
import {
  createConversation,
  deleteConversation,
  listOwn,
  listPinned,
  ownConversation,
  ownSession,
  renameConversation,
  setPinned,
  toConversations,
  toConversationView,
} from "../conversations/store.ts";
import { ApiError } from "../errors.ts";
import { lastSeqOf, listEvents } from "../history/read.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";

const Title = z.string().trim().min(1).max(200);
const IdParam = z.object({ id: z.uuid() });
const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(500).optional(),
  q: z.string().max(200).optional(),
});
const BranchQuery = z.object({ branch: z.uuid().optional() });
const EventsQuery = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  branch: z.uuid().optional(),
});
const Patch = z
  .strictObject({ title: Title.optional(), pinned: z.boolean().optional() })
  .refine((v) => v.title !== undefined || v.pinned !== undefined, "send title or pinned");
const Fork = z.strictObject({ fromBranchId: z.uuid(), afterTurnId: z.string().min(1).max(128).nullable() });

export function conversationRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireUser(s))
    .get("/", validate("query", ListQuery), async (c) => {
      const { q, limit, cursor } = c.req.valid("query");
      const userId = c.var.user.id;
      if (q?.trim()) {
        // Search: one list, most recently active first, each with where the words were said.
        const found = await searchOwn(s.db, userId, q);
        const views = await toConversations(s.agents, found);
        return c.json({
          items: views.map((v, i) => ({ ...v, snippet: found[i]?.snippet ?? null })),
          pinned: [],
          nextCursor: null,
        });
      }
      const [page, pinned] = await Promise.all([
        listOwn(s.db, userId, { limit, cursor }),
        cursor ? Promise.resolve([]) : listPinned(s.db, userId),
      ]);
      return c.json({
        items: (await toConversations(s.agents, page.rows)).map((v) => ({ ...v, snippet: null })),
        pinned: await toConversations(s.agents, pinned),
        nextCursor: page.nextCursor,
      });
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
    .patch("/:id", validate("param", IdParam), validate("json", Patch), async (c) => {
      const userId = c.var.user.id;
      const id = c.req.valid("param").id;
      const { title, pinned } = c.req.valid("json");
      let row = title === undefined ? undefined : await renameConversation(s.db, userId, id, title);
      if (pinned !== undefined) row = await setPinned(s.db, userId, id, pinned);
      if (!row) throw new ApiError(400, "bad_request", "send title or pinned");
      return c.json({ conversation: await toConversationView(s.agents, row) });
    })
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
    .post("/:id/branches", validate("param", IdParam), validate("json", Fork), async (c) => {
      // Editing or retrying a message: a new branch (its own runtime session) that shows the turns before it.
      const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
      const { fromBranchId, afterTurnId } = c.req.valid("json");
      const branch = await forkBranch(s.db, row.id, fromBranchId, afterTurnId);
      return c.json(
        { branch: { id: branch.id, parentBranchId: branch.parentBranchId, forkTurnId: branch.forkTurnId } },
        201,
      );
    })
    .post("/:id/connection", validate("param", IdParam), validate("query", BranchQuery), async (c) => {
      const user = c.var.user;
      const id = c.req.valid("param").id;
      const branch = c.req.valid("query").branch;
      // Every branch of a conversation is a runtime session of the conversation's own agent.
      const own = await ownSession(s.db, user.id, id);
      const sessionId = branch ? await branchSessionId(s.db, id, branch) : own.sessionId;
      const agent = await s.agents.byId(own.agentId);
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
        detail: { sessionId, agentId: agent.id, traceLevel, expiresAt: minted.expiresAt.toISOString() },
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
    .get("/:id/messages", validate("param", IdParam), validate("query", BranchQuery), async (c) => {
      // The turns of one branch (the one used last unless `branch` says), with the versions of each message.
      const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
      const shown = await readBranch(s.db, row.id, c.req.valid("query").branch);
      const sessionId = shown.branch?.sessionId ?? row.sessionId;
      return c.json({
        branchId: shown.branch?.id ?? null,
        turns: shown.turns,
        lastSeq: await lastSeqOf(s.db, sessionId),
      });
    })
    .get("/:id/events", validate("param", IdParam), validate("query", EventsQuery), async (c) => {
      const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
      const { branch, afterSeq } = c.req.valid("query");
      const sessionId = branch ? await branchSessionId(s.db, row.id, branch) : row.sessionId;
      const agent = await s.agents.byId(row.agentId);
      const level = agent ? s.agents.traceLevelFor(agent, c.var.user.role) : "milestones";
      const [events, lastSeq] = await Promise.all([
        listEvents(s.db, sessionId, afterSeq, level),
        lastSeqOf(s.db, sessionId),
      ]);
      return c.json({ events, lastSeq });
    });
}

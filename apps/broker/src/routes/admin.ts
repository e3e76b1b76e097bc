/**
 * /api/admin: user management (create, role and status, password reset, deletion), every conversation across
 * users with filters, any transcript and trace, and the audit log with names and filters. Administrators only
 * (403 for everyone else); every read of another user's conversation is audit-logged.
 */

import { FEEDBACK_RATINGS, type FeedbackRating, TurnStatus } from "@interject/protocol";
import { and, count, eq, exists, gte, inArray, lte, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { AuditFilter, auditActions, readAudit } from "../audit/read.ts";
import { requireAdmin } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { eventsOfPath, readBranch } from "../conversations/branches.ts";
import {
  afterCursor,
  getConversation,
  pageConversations,
  toConversation,
  toConversationView,
} from "../conversations/store.ts";
import { conversationBranches, conversations, turns } from "../db/schema.ts";
import { ApiError } from "../errors.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";
import { deleteUser } from "../users/delete-user.ts";
import { resetPassword } from "../users/reset-password.ts";
import {
  createUser,
  findUserById,
  listUsers,
  toAdminUser,
  toPublicUser,
  updateUser,
} from "../users/store.ts";

const Role = z.enum(["user", "admin"]);
const Flag = z.enum(["true", "false"]).transform((v) => v === "true");
const NewUser = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
  role: Role,
  displayName: z.string().trim().min(1).max(100).optional(),
});
const PatchUser = z
  .strictObject({ role: Role.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, "send role or disabled");
const ConversationFilter = z.object({
  userId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  status: TurnStatus.optional(),
  interrupted: Flag.optional(),
  errors: Flag.optional(),
  /** Conversations with an answer rated up, down, or either. */
  feedback: z.enum([...FEEDBACK_RATINGS, "any"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
const UserParam = z.object({ id: z.uuid() });

/** A conversation with a turn of this status in any of its branches. */
function hasTurnWith(status: "interrupted" | "error") {
  return (db: Services["db"]) =>
    exists(
      db
        .select({ one: turns.turnId })
        .from(turns)
        .innerJoin(conversationBranches, eq(conversationBranches.sessionId, turns.sessionId))
        .where(and(eq(conversationBranches.conversationId, conversations.id), eq(turns.status, status))),
    );
}

function hasFeedback(rating: FeedbackRating | "any") {
  return (db: Services["db"]) =>
    exists(
      db
        .select({ one: turns.turnId })
        .from(turns)
        .innerJoin(conversationBranches, eq(conversationBranches.sessionId, turns.sessionId))
        .where(
          and(
            eq(conversationBranches.conversationId, conversations.id),
            rating === "any" ? sql`${turns.feedbackRating} is not null` : eq(turns.feedbackRating, rating),
          ),
        ),
    );
}

/**
 * How many answers of each conversation, in any of its branches, were rated up and down (one grouped read
 * for the page), by conversation id.
 */
async function feedbackCounts(db: Services["db"], conversationIds: string[]) {
  const counts = new Map<string, { up: number; down: number }>();
  if (conversationIds.length === 0) return counts;
  const rows = await db
    .select({
      conversationId: conversationBranches.conversationId,
      rating: turns.feedbackRating,
      n: count(),
    })
    .from(turns)
    .innerJoin(conversationBranches, eq(conversationBranches.sessionId, turns.sessionId))
    .where(
      and(
        inArray(conversationBranches.conversationId, conversationIds),
        sql`${turns.feedbackRating} is not null`,
      ),
    )
    .groupBy(conversationBranches.conversationId, turns.feedbackRating);
  for (const r of rows) {
    const entry = counts.get(r.conversationId) ?? { up: 0, down: 0 };
    if (r.rating === "up") entry.up = r.n;
    if (r.rating === "down") entry.down = r.n;
    counts.set(r.conversationId, entry);
  }
  return counts;
}

/** How many conversations each user has (shown before a deletion). */
async function conversationCounts(db: Services["db"]) {
  const rows = await db
    .select({ userId: conversations.userId, n: count() })
    .from(conversations)
    .groupBy(conversations.userId);
  return new Map(rows.map((r) => [r.userId, r.n]));
}

export function adminRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireAdmin(s))
    .get("/users", async (c) => {
      const [rows, counts] = await Promise.all([listUsers(s.db), conversationCounts(s.db)]);
      return c.json({
        users: rows.map((u) => ({ ...toAdminUser(u), conversations: counts.get(u.id) ?? 0 })),
      });
    })
    .post("/users", validate("json", NewUser), async (c) => {
      const row = await createUser(s.db, c.req.valid("json"));
      s.audit.record({
        actorUserId: c.var.user.id,
        action: "user.created",
        targetType: "user",
        targetId: row.id,
        detail: { role: row.role },
      });
      return c.json({ user: toAdminUser(row) }, 201);
    })
    .patch(
      "/users/:id",
      validate("param", z.object({ id: z.uuid() })),
      validate("json", PatchUser),
      async (c) => {
        const id = c.req.valid("param").id;
        const patch = c.req.valid("json");
        if (id === c.var.user.id && (patch.disabled === true || patch.role === "user")) {
          throw new ApiError(409, "conflict", "you cannot disable yourself or remove your own admin role");
        }
        const before = await findUserById(s.db, id);
        const row = await updateUser(s.db, id, patch);
        // Disabling ends every sign-in and agent connection; a demotion ends connections signed for the
        // full trace (the user keeps their sign-ins and reconnects at the milestones level).
        if (patch.disabled === true) await s.revoker.endSignIns(id, "disabled");
        else if (before?.role === "admin" && row.role === "user")
          await s.revoker.stopConnections(id, "demoted");
        s.audit.record({
          actorUserId: c.var.user.id,
          action: "user.updated",
          targetType: "user",
          targetId: id,
          detail: {
            ...(patch.role ? { role: patch.role } : {}),
            ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          },
        });
        return c.json({ user: toAdminUser(row) });
      },
    )
    .post("/users/:id/password", validate("param", UserParam), async (c) => {
      const user = await findUserById(s.db, c.req.valid("param").id);
      if (!user) throw new ApiError(404, "not_found", "no such user");
      if (!user.passwordHash)
        throw new ApiError(409, "conflict", "this account signs in with single sign-on and has no password");
      const password = await resetPassword(s, user, {
        userId: c.var.user.id,
        via: "admin console",
        source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
      });
      // Shown once to the administrator; never stored in the clear, never logged.
      c.header("Cache-Control", "no-store");
      return c.json({ password, signedOut: true });
    })
    .delete("/users/:id", validate("param", UserParam), async (c) => {
      const id = c.req.valid("param").id;
      if (id === c.var.user.id) throw new ApiError(409, "conflict", "you cannot delete your own account");
      const user = await findUserById(s.db, id);
      if (!user) throw new ApiError(404, "not_found", "no such user");
      const deleted = await deleteUser(s, id);
      if (!deleted) throw new ApiError(404, "not_found", "no such user");
      s.audit.record({
        actorUserId: c.var.user.id,
        action: "user.deleted",
        targetType: "user",
        targetId: id,
        detail: { email: user.email, displayName: user.displayName, conversations: deleted.conversations },
        source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
      });
      return c.json({ deleted: { id, email: user.email, conversations: deleted.conversations } });
    })
    .get("/conversations", validate("query", ConversationFilter), async (c) => {
      const f = c.req.valid("query");
      const where = and(
        f.userId ? eq(conversations.userId, f.userId) : undefined,
        f.from ? gte(conversations.updatedAt, new Date(f.from)) : undefined,
        f.to ? lte(conversations.createdAt, new Date(f.to)) : undefined,
        f.status ? eq(conversations.lastStatus, f.status) : undefined,
        f.interrupted ? hasTurnWith("interrupted")(s.db) : undefined,
        f.errors ? hasTurnWith("error")(s.db) : undefined,
        f.feedback ? hasFeedback(f.feedback)(s.db) : undefined,
        afterCursor(f.cursor),
      );
      const page = await pageConversations(s.db, where, f.limit);
      const [agents, counts] = await Promise.all([
        s.agents.byIds(page.rows.map((r) => r.agentId)),
        feedbackCounts(
          s.db,
          page.rows.map((r) => r.id),
        ),
      ]);
      return c.json({
        items: page.rows.map((r) => ({
          ...toConversation(r, agents),
          userId: r.userId,
          feedback: counts.get(r.id) ?? { up: 0, down: 0 },
        })),
        nextCursor: page.nextCursor,
      });
    })
    .get(
      "/conversations/:id",
      validate("param", z.object({ id: z.uuid() })),
      validate("query", z.object({ branch: z.uuid().optional() })),
      async (c) => {
        const row = await getConversation(s.db, c.req.valid("param").id);
        const owner = await findUserById(s.db, row.userId);
        if (!owner) throw new ApiError(404, "not_found", "no such conversation");
        // One branch (the one used last unless `branch` says) with the versions of each message, and the
        // events of its turns, whichever runtime session each belongs to.
        const [shown, conversation] = await Promise.all([
          readBranch(s.db, row.id, c.req.valid("query").branch),
          toConversationView(s.agents, row),
        ]);
        const events = await eventsOfPath(s.db, shown.turns, "full");
        if (owner.id !== c.var.user.id) {
          s.audit.record({
            actorUserId: c.var.user.id,
            action: "admin.conversation.read",
            targetType: "conversation",
            targetId: row.id,
            detail: { ownerId: owner.id },
            source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
          });
        }
        return c.json({
          conversation,
          owner: toPublicUser(owner),
          branchId: shown.branch?.id ?? null,
          turns: shown.turns,
          events,
        });
      },
    )
    .get("/audit/actions", async (c) => {
      await s.audit.flush();
      return c.json({ actions: await auditActions(s.db) });
    })
    .get("/audit", validate("query", AuditFilter), async (c) => {
      await s.audit.flush();
      return c.json(await readAudit(s.db, c.req.valid("query")));
    });
}

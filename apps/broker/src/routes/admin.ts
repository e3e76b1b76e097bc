/**
 * /api/admin: user management, every conversation across users with filters, any transcript and trace,
 * and the audit log. Administrators only (403 for everyone else); every read of another user's
 * conversation is audit-logged.
 */

import { TurnStatus } from "@interject/protocol";
import { and, desc, eq, exists, gte, lt, lte, or } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { requireAdmin } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { eventsOfPath, readBranch } from "../conversations/branches.ts";
import { decodeCursor, encodeCursor } from "../conversations/cursor.ts";
import {
  afterCursor,
  getConversation,
  pageConversations,
  toConversation,
  toConversationView,
} from "../conversations/store.ts";
import { auditLog, conversationBranches, conversations, turns } from "../db/schema.ts";
import { ApiError } from "../errors.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";
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
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
const Page = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(500).optional(),
});

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

export function adminRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireAdmin(s))
    .get("/users", async (c) => c.json({ users: (await listUsers(s.db)).map(toAdminUser) }))
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
    .get("/conversations", validate("query", ConversationFilter), async (c) => {
      const f = c.req.valid("query");
      const where = and(
        f.userId ? eq(conversations.userId, f.userId) : undefined,
        f.from ? gte(conversations.updatedAt, new Date(f.from)) : undefined,
        f.to ? lte(conversations.createdAt, new Date(f.to)) : undefined,
        f.status ? eq(conversations.lastStatus, f.status) : undefined,
        f.interrupted ? hasTurnWith("interrupted")(s.db) : undefined,
        f.errors ? hasTurnWith("error")(s.db) : undefined,
        afterCursor(f.cursor),
      );
      const page = await pageConversations(s.db, where, f.limit);
      const agents = await s.agents.byIds(page.rows.map((r) => r.agentId));
      return c.json({
        items: page.rows.map((r) => ({ ...toConversation(r, agents), userId: r.userId })),
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
    .get("/audit", validate("query", Page), async (c) => {
      const { limit, cursor } = c.req.valid("query");
      await s.audit.flush();
      const after = decodeCursor(cursor);
      const rows = await s.db
        .select()
        .from(auditLog)
        .where(
          after
            ? or(lt(auditLog.at, after.at), and(eq(auditLog.at, after.at), lt(auditLog.id, Number(after.id))))
            : undefined,
        )
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return c.json({
        items: page.map((r) => ({ ...r, at: r.at.toISOString() })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.at, String(last.id)) : null,
      });
    });
}

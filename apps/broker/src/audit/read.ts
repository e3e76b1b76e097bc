/**
 * Reading the audit log for the admin console: newest first, filtered by actor, action and time, with the
 * people and conversations named rather than given as ids. A deleted account keeps its name here: its
 * `user.deleted` entry recorded the email and display name.
 */
import { and, desc, eq, gte, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { decodeCursor, encodeCursor } from "../conversations/cursor.ts";
import type { Db } from "../db/open.ts";
import { auditLog, conversations, users } from "../db/schema.ts";

export const AuditFilter = z.object({
  /** A user id, or `system` for entries no person made (the command line). */
  actor: z.union([z.uuid(), z.literal("system")]).optional(),
  action: z.string().min(1).max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(500).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export interface NamedUser {
  id: string;
  name: string;
  email: string | null;
  deleted: boolean;
}

const actorUser = alias(users, "actor_user");
const targetUser = alias(users, "target_user");

/** What a `user.deleted` entry remembered of an account, by its id. */
const remembered = (id: SQL | typeof auditLog.actorUserId) =>
  sql<{
    email?: string;
    displayName?: string;
  } | null>`(select d.detail from ${auditLog} d where d.action = 'user.deleted' and d.target_id = ${id} order by d.at desc limit 1)`;

function named(
  id: string | null,
  live: { displayName: string | null; email: string | null },
  gone: { email?: string; displayName?: string } | null,
): NamedUser | null {
  if (id === null) return null;
  if (live.email !== null)
    return { id, name: live.displayName ?? live.email, email: live.email, deleted: false };
  return {
    id,
    name: gone?.displayName ?? gone?.email ?? "a deleted account",
    email: gone?.email ?? null,
    deleted: true,
  };
}

export async function readAudit(db: Db, f: AuditFilter) {
  const after = decodeCursor(f.cursor);
  const rows = await db
    .select({
      entry: auditLog,
      actorName: actorUser.displayName,
      actorEmail: actorUser.email,
      actorGone: remembered(auditLog.actorUserId),
      targetName: targetUser.displayName,
      targetEmail: targetUser.email,
      targetGone: remembered(sql`${auditLog.targetId}`),
      conversationTitle: conversations.title,
    })
    .from(auditLog)
    .leftJoin(actorUser, eq(actorUser.id, auditLog.actorUserId))
    .leftJoin(targetUser, and(eq(auditLog.targetType, "user"), eq(targetUser.id, auditLog.targetId)))
    .leftJoin(
      conversations,
      and(eq(auditLog.targetType, "conversation"), eq(conversations.id, auditLog.targetId)),
    )
    .where(
      and(
        f.actor === "system"
          ? sql`${auditLog.actorUserId} is null`
          : f.actor
            ? eq(auditLog.actorUserId, f.actor)
            : undefined,
        f.action ? eq(auditLog.action, f.action) : undefined,
        f.from ? gte(auditLog.at, new Date(f.from)) : undefined,
        f.to ? lte(auditLog.at, new Date(f.to)) : undefined,
        after
          ? or(lt(auditLog.at, after.at), and(eq(auditLog.at, after.at), lt(auditLog.id, Number(after.id))))
          : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(f.limit + 1);
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => {
      const e = r.entry;
      const target =
        e.targetType === "user"
          ? named(e.targetId, { displayName: r.targetName, email: r.targetEmail }, r.targetGone)
          : null;
      return {
        id: e.id,
        at: e.at.toISOString(),
        action: e.action,
        // The stored ids, as before names were added (scripts and tests read them).
        actorUserId: e.actorUserId,
        targetType: e.targetType,
        targetId: e.targetId,
        actor: named(e.actorUserId, { displayName: r.actorName, email: r.actorEmail }, r.actorGone),
        target: e.targetType
          ? {
              type: e.targetType,
              id: e.targetId,
              name:
                target?.name ??
                (e.targetType === "conversation" ? (r.conversationTitle ?? "a deleted conversation") : null),
            }
          : null,
        detail: e.detail as Record<string, string | number | boolean | null>,
        source: e.source,
      };
    }),
    nextCursor: rows.length > f.limit && last ? encodeCursor(last.entry.at, String(last.entry.id)) : null,
  };
}

/**
 * The actions the log holds, for the console's filter: a walk down the (action, at) index, one step per
 * distinct action, so a log of millions of mints costs a few dozen index reads, not a scan.
 */
export async function auditActions(db: Db): Promise<string[]> {
  const result = (await db.execute(sql`
    with recursive walk(action) as (
      select min(action) from ${auditLog}
      union all
      select (select min(a.action) from ${auditLog} a where a.action > walk.action)
      from walk where walk.action is not null
    )
    select action from walk where action is not null`)) as unknown as { rows: Array<{ action: string }> };
  return result.rows.map((r) => r.action);
}

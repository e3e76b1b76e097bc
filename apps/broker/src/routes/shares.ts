/**
 * Export and share. On /api/conversations (beside conversations.ts): `GET /:id/export?format=markdown|json
 * [&branch=]` downloads the owner's conversation (the branch on screen, or the one used last, and every other
 * branch), `POST /:id/shares` makes a read-only link with an expiry to the branch on screen as it is now. On
 * /api/shares: the owner's links (`GET /`), revoking one (`DELETE /:id`), and opening one (`GET /:id`, any
 * signed-in user: the conversation as it was when shared, without the owner's feedback). Creating, revoking
 * and opening a link are audit-logged.
 */
import { Hono } from "hono";
import { z } from "zod";
import { contentDisposition } from "../attachments/file-response.ts";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { readBranch } from "../conversations/branches.ts";
import { type ConversationRow, ownConversation } from "../conversations/store.ts";
import { ApiError, notFound } from "../errors.ts";
import {
  conversationExport,
  EXPORT_FORMATS,
  exportFileName,
  toMarkdown,
} from "../export/conversation-export.ts";
import { listTurnsOfSessions, type Turn } from "../history/read.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";
import {
  createShare,
  findShare,
  listShares,
  revokeShare,
  SHARE_ID_PATTERN,
  shareRef,
  shareStatus,
  toShare,
} from "../shares/store.ts";
import { findUserById } from "../users/store.ts";

const IdParam = z.object({ id: z.uuid() });
const ShareParam = z.object({ id: z.string().regex(SHARE_ID_PATTERN, "not a share link") });
const DAY_MS = 86_400_000;

/** The export of a conversation: the branch asked for (or used last), and every branch's own turns. */
async function exportOf(s: Services, row: ConversationRow, branchId: string | undefined) {
  const shown = await readBranch(s.db, row.id, branchId);
  const all = await listTurnsOfSessions(
    s.db,
    shown.tree.branches.map((b) => b.sessionId),
  );
  const bySession = new Map<string, Turn[]>();
  for (const { sessionId, ...turn } of all)
    bySession.set(sessionId, [...(bySession.get(sessionId) ?? []), turn]);
  return conversationExport(
    row,
    { branchId: shown.branch?.id ?? null, turns: shown.turns },
    { tree: shown.tree, turns: bySession },
  );
}

export function conversationShareRoutes(s: Services) {
  const NewShare = z.strictObject({
    expiresInDays: z.int().min(1).max(s.env.INTERJECT_SHARE_MAX_DAYS),
    branchId: z.uuid().optional(),
  });
  return new Hono<AppEnv>()
    .use(requireUser(s))
    .get(
      "/:id/export",
      validate("param", IdParam),
      validate(
        "query",
        z.object({ format: z.enum(EXPORT_FORMATS).default("markdown"), branch: z.uuid().optional() }),
      ),
      async (c) => {
        const row = await ownConversation(s.db, c.var.user.id, c.req.valid("param").id);
        const { format, branch } = c.req.valid("query");
        const doc = await exportOf(s, row, branch);
        const body = format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : toMarkdown(doc);
        c.header(
          "content-type",
          format === "json" ? "application/json; charset=utf-8" : "text/markdown; charset=utf-8",
        );
        c.header("content-disposition", contentDisposition("attachment", exportFileName(row.title, format)));
        return c.body(body);
      },
    )
    .post("/:id/shares", validate("param", IdParam), validate("json", NewShare), async (c) => {
      const user = c.var.user;
      const row = await ownConversation(s.db, user.id, c.req.valid("param").id);
      const { expiresInDays, branchId } = c.req.valid("json");
      // The branch on screen (or the one used last) as it is now: later turns are not in the link.
      const shown = await readBranch(s.db, row.id, branchId);
      if (!shown.branch) throw new ApiError(409, "conflict", "this conversation has nothing to share yet");
      const now = Date.now();
      const share = await createShare(s.db, {
        conversationId: row.id,
        userId: user.id,
        branchId: shown.branch.id,
        lastTurnId: shown.turns.at(-1)?.turnId ?? null,
        expiresAt: new Date(now + expiresInDays * DAY_MS),
      });
      s.audit.record({
        actorUserId: user.id,
        action: "share.created",
        targetType: "conversation",
        targetId: row.id,
        detail: { share: shareRef(share.id), expiresAt: share.expiresAt.toISOString() },
        source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
      });
      return c.json({ share: toShare(share, row.title, now) }, 201);
    });
}

export function shareRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireUser(s))
    .get("/", async (c) => {
      const now = Date.now();
      const rows = await listShares(s.db, c.var.user.id);
      return c.json({ items: rows.map((r) => toShare(r.share, r.title, now)) });
    })
    .delete("/:id", validate("param", ShareParam), async (c) => {
      const row = await revokeShare(s.db, c.var.user.id, c.req.valid("param").id);
      if (!row) throw notFound("share link");
      s.audit.record({
        actorUserId: c.var.user.id,
        action: "share.revoked",
        targetType: "conversation",
        targetId: row.conversationId,
        detail: { share: shareRef(row.id) },
      });
      return c.body(null, 204);
    })
    .get("/:id", validate("param", ShareParam), async (c) => {
      const found = await findShare(s.db, c.req.valid("param").id);
      if (!found) throw notFound("share link");
      const { share, conversation } = found;
      const status = shareStatus(share, Date.now());
      if (status !== "active") {
        throw new ApiError(
          410,
          "share_unavailable",
          status === "revoked" ? "the owner revoked this link" : "this link has expired",
        );
      }
      const owner = await findUserById(s.db, conversation.userId);
      const shown = await readBranch(s.db, conversation.id, share.branchId);
      const end = shown.turns.findIndex((t) => t.turnId === share.lastTurnId);
      const turns = share.lastTurnId === null ? [] : shown.turns.slice(0, end + 1);
      s.audit.record({
        actorUserId: c.var.user.id,
        action: "share.opened",
        targetType: "conversation",
        targetId: conversation.id,
        detail: { share: shareRef(share.id), ownerId: conversation.userId },
        source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
      });
      const doc = conversationExport(
        conversation,
        { branchId: share.branchId, turns: turns.map((t) => ({ ...t, feedback: null })) },
        null,
      );
      return c.json({
        share: { createdAt: share.createdAt.toISOString(), expiresAt: share.expiresAt.toISOString() },
        owner: { displayName: owner?.displayName ?? "someone" },
        conversation: { title: doc.conversation.title },
        turns: doc.turns,
        isOwner: conversation.userId === c.var.user.id,
      });
    });
}

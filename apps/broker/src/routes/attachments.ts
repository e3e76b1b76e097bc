/**
 * /api/attachments: files for prompts. Uploaded as the raw request body (`Content-Type` the file's, `?name=`
 * its name), checked for what it is before it is stored (@interject/attachments: type by name against its
 * magic bytes, Bedrock's size and dimension limits), read back by its uploader or an administrator only, and
 * deleted by its uploader while no prompt has used it. The agent reads them on /internal/v1 (ingest.ts).
 */
import { randomUUID } from "node:crypto";
import { AttachmentError, inspectAttachment } from "@interject/attachments";
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME_CHARS } from "@interject/protocol";
import { Hono } from "hono";
import { z } from "zod";
import { fileResponse } from "../attachments/file-response.ts";
import {
  deleteUnbound,
  findAttachment,
  insertAttachment,
  sweepUnbound,
  toAttachmentMeta,
} from "../attachments/store.ts";
import { requireUser } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { ApiError, notFound } from "../errors.ts";
import { apiBodyLimit } from "../security/body-limit.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";

/** The path whose bodies may exceed the API's 64 KB (app.ts exempts it from that limit). */
export const ATTACHMENT_UPLOAD_PATH = "/api/attachments";

/** A file's own name: no folders, no control characters, no leading dots. */
const FileName = z
  .string()
  .transform((name) => (name.split(/[\\/]/).pop() ?? "").replace(/\p{Cc}/gu, "").trim())
  .pipe(z.string().min(1, "a file name is required").max(MAX_ATTACHMENT_NAME_CHARS));
const IdParam = z.object({ id: z.uuid() });

export function attachmentRoutes(s: Services) {
  const limit = apiBodyLimit(MAX_ATTACHMENT_BYTES, (c) => {
    c.header("Connection", "close");
    throw new ApiError(413, "payload_too_large", `a file may be at most ${MAX_ATTACHMENT_BYTES} bytes`);
  });
  return new Hono<AppEnv>()
    .use(requireUser(s))
    .post("/", limit, validate("query", z.object({ name: FileName })), async (c) => {
      const user = c.var.user;
      const name = c.req.valid("query").name;
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      let info: Awaited<ReturnType<typeof inspectAttachment>>;
      try {
        info = await inspectAttachment(bytes, name);
      } catch (error) {
        if (!(error instanceof AttachmentError)) throw error;
        throw error.problem === "too_large"
          ? new ApiError(413, "payload_too_large", error.message)
          : new ApiError(422, "attachment_rejected", error.message);
      }
      const id = randomUUID();
      const stored = await s.attachments.put(id, bytes, info.mediaType);
      await insertAttachment(s.db, {
        id,
        userId: user.id,
        name,
        mediaType: info.mediaType,
        size: bytes.length,
        ...stored,
      });
      // Files uploaded and never sent do not pile up: each upload clears the uploader's stale ones.
      const stale = await sweepUnbound(s.db, user.id, Date.now());
      if (stale.length > 0) await s.attachments.remove(stale);
      return c.json(
        {
          attachment: {
            ...toAttachmentMeta({ id, name, mediaType: info.mediaType, size: bytes.length }),
            kind: info.kind,
            width: info.width ?? null,
            height: info.height ?? null,
            pages: info.pages ?? null,
          },
        },
        201,
      );
    })
    .get("/:id", validate("param", IdParam), async (c) => {
      const user = c.var.user;
      const row = await findAttachment(s.db, c.req.valid("param").id);
      if (!row || (row.userId !== user.id && user.role !== "admin")) throw notFound("attachment");
      if (row.userId !== user.id) {
        s.audit.record({
          actorUserId: user.id,
          action: "admin.attachment.read",
          targetType: "attachment",
          targetId: row.id,
          detail: { ownerId: row.userId, conversationId: row.conversationId },
          source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
        });
      }
      return fileResponse(toAttachmentMeta(row), await s.attachments.read(row));
    })
    .delete("/:id", validate("param", IdParam), async (c) => {
      const removed = await deleteUnbound(s.db, c.var.user.id, c.req.valid("param").id);
      if (removed === undefined) throw notFound("attachment");
      if (removed === "bound")
        throw new ApiError(
          409,
          "conflict",
          "this file belongs to a sent message; delete the conversation instead",
        );
      if (removed.storageKey) await s.attachments.remove([removed.storageKey]);
      return c.body(null, 204);
    });
}

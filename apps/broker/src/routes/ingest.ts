/**
 * /internal/v1: the agent's side door for events and history. Bearer BROKER_INGEST_TOKEN (see
 * security/ingest-token.ts), bodies of at most MAX_INGEST_BATCH_BYTES parsed by the protocol package.
 */
import { MAX_INGEST_BATCH_BYTES, parseIngestBatchText, SessionId } from "@interject/protocol";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { AppEnv, Services } from "../context.ts";
import { agentHistory } from "../conversations/branches.ts";
import { conversationBranches, events } from "../db/schema.ts";
import { ApiError } from "../errors.ts";
import { ingestBatch } from "../history/ingest.ts";
import { requireIngestToken } from "../security/ingest-token.ts";
import { validate } from "../security/validate.ts";

export function ingestRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireIngestToken(s))
    .post(
      "/events",
      bodyLimit({
        maxSize: MAX_INGEST_BATCH_BYTES,
        onError: (c) => {
          // The unread body stays on the socket: close it rather than reuse it.
          c.header("Connection", "close");
          throw new ApiError(
            413,
            "payload_too_large",
            `an event batch may be at most ${MAX_INGEST_BATCH_BYTES} bytes`,
          );
        },
      }),
      async (c) => {
        const parsed = parseIngestBatchText(await c.req.text(), MAX_INGEST_BATCH_BYTES);
        if (!parsed.ok) {
          if (parsed.error.code === "frame_too_large")
            throw new ApiError(413, "payload_too_large", parsed.error.message);
          throw new ApiError(400, "bad_request", parsed.error.message);
        }
        return c.json(await ingestBatch(s.db, parsed.value), 200);
      },
    )
    .get("/sessions/:sessionId/history", validate("param", z.object({ sessionId: SessionId })), async (c) => {
      const sessionId = c.req.valid("param").sessionId;
      // Every conversation's sessions are its branches (the first one included).
      const [known] = await s.db
        .select({ id: conversationBranches.id })
        .from(conversationBranches)
        .where(eq(conversationBranches.sessionId, sessionId))
        .limit(1);
      const [anyEvent] = known
        ? [known]
        : await s.db
            .select({ id: events.sessionId })
            .from(events)
            .where(eq(events.sessionId, sessionId))
            .limit(1);
      if (!anyEvent) throw new ApiError(404, "not_found", "the broker does not know this session");
      return c.json(await agentHistory(s.db, sessionId));
    });
}

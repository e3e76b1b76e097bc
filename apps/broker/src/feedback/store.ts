/**
 * Feedback on answers: thumbs up or down and an optional comment, stored on the turn's own row (so history,
 * export and the admin view read it with the turn). One verdict per answer, by the conversation's owner; a
 * new one replaces it.
 */
import type { FeedbackRating } from "@interject/protocol";
import { and, eq, isNotNull, ne } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { turns } from "../db/schema.ts";
import type { Feedback } from "../history/read.ts";

export type FeedbackResult = Feedback | "no_turn" | "streaming";

export async function setFeedback(
  db: Db,
  sessionId: string,
  turnId: string,
  input: { rating: FeedbackRating; comment?: string | undefined },
): Promise<FeedbackResult> {
  const at = new Date();
  const comment = input.comment?.trim() || null;
  const [row] = await db
    .update(turns)
    .set({ feedbackRating: input.rating, feedbackComment: comment, feedbackAt: at })
    .where(and(eq(turns.sessionId, sessionId), eq(turns.turnId, turnId), ne(turns.status, "streaming")))
    .returning({ turnId: turns.turnId });
  if (row) return { rating: input.rating, comment, at: at.toISOString() };
  return (await turnExists(db, sessionId, turnId)) ? "streaming" : "no_turn";
}

export async function clearFeedback(db: Db, sessionId: string, turnId: string): Promise<boolean> {
  const rows = await db
    .update(turns)
    .set({ feedbackRating: null, feedbackComment: null, feedbackAt: null })
    .where(and(eq(turns.sessionId, sessionId), eq(turns.turnId, turnId)))
    .returning({ turnId: turns.turnId });
  return rows.length > 0;
}

/** Every verdict given in a session, by turn. */
export async function listFeedback(db: Db, sessionId: string): Promise<Array<Feedback & { turnId: string }>> {
  const rows = await db
    .select({
      turnId: turns.turnId,
      rating: turns.feedbackRating,
      comment: turns.feedbackComment,
      at: turns.feedbackAt,
    })
    .from(turns)
    .where(and(eq(turns.sessionId, sessionId), isNotNull(turns.feedbackRating)));
  return rows.flatMap((r) =>
    r.rating && r.at
      ? [{ turnId: r.turnId, rating: r.rating, comment: r.comment, at: r.at.toISOString() }]
      : [],
  );
}

async function turnExists(db: Db, sessionId: string, turnId: string): Promise<boolean> {
  const rows = await db
    .select({ turnId: turns.turnId })
    .from(turns)
    .where(and(eq(turns.sessionId, sessionId), eq(turns.turnId, turnId)))
    .limit(1);
  return rows.length > 0;
}

/**
 * Turns a browser reports, for agents that report nothing themselves (the basic level: the AgentCore articles'
 * agent knows no broker). Stored like the agent's turns, marked `reported_by = 'client'`, without events (so
 * `first_seq` 0; their start time orders them) and with the client's stop reason. Idempotent by turn id: a
 * report repeated (a retry after a lost answer) stores nothing twice and leaves the first one as it was.
 */
import type { ReportedTurn } from "@interject/protocol";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/open.ts";
import { events, turns } from "../db/schema.ts";
import { refreshConversations } from "./ingest.ts";

/**
 * Reports one user may send a minute: a turn ends at most every second or so even when someone interrupts
 * answer after answer, so this never bites a person, only a script.
 */
export const TURN_REPORTS_PER_MINUTE = 120;

/** Whether the agent has reported events for the session: then its turns are its own to report. */
export async function agentReports(db: Db, sessionId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(events)
    .where(eq(events.sessionId, sessionId))
    .limit(1);
  return rows.length > 0;
}

/** Stores a reported turn; false when the session already had a turn with that id (nothing changes then). */
export async function storeReportedTurn(db: Db, sessionId: string, turn: ReportedTurn): Promise<boolean> {
  const inserted = await db
    .insert(turns)
    .values({
      sessionId,
      turnId: turn.turnId,
      firstSeq: 0,
      prompt: turn.prompt,
      response: turn.response,
      status: turn.status,
      startedAt: new Date(turn.startedAt),
      endedAt: new Date(turn.endedAt),
      reportedBy: "client",
      stopReason: turn.stopReason,
    })
    .onConflictDoNothing()
    .returning({ turnId: turns.turnId });
  if (inserted.length === 0) return false;
  await refreshConversations(db, [sessionId], new Date().toISOString());
  return true;
}

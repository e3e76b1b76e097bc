/**
 * Turns a previous agent process left streaming (it restarted mid-answer). They cannot finish now: each is
 * kept in the history as an error and ended with an `error` message, so the broker and every client see it
 * finish; if a client turns out to have seen more than the broker stored, the errors are sent again after
 * the numbering jump, or its answer would look as if it were still streaming.
 */
import type { HistoryTurn } from "@interject/protocol";
import type { UnsequencedStreamMessage } from "./turn-io.ts";

export class StaleTurns {
  /** The restored history, stale turns already marked as errors. */
  readonly history: HistoryTurn[];
  private readonly waiting: string[] = [];
  private readonly ended: string[] = [];

  constructor(turns: readonly HistoryTurn[]) {
    this.history = turns.map((turn) => {
      if (turn.status !== "streaming") return turn;
      this.waiting.push(turn.turnId);
      return { ...turn, status: "error" };
    });
  }

  /** Ends every stale turn with an error (once, after the restore). */
  endAll(emit: (message: UnsequencedStreamMessage) => void): void {
    for (const turnId of this.waiting.splice(0)) {
      this.ended.push(turnId);
      emit(staleTurnError(turnId));
    }
  }

  /** Sends the ending errors again, numbered after a jump past what this process numbered. */
  announceAgain(emit: (message: UnsequencedStreamMessage) => void): void {
    for (const turnId of this.ended.splice(0)) emit(staleTurnError(turnId));
  }
}

function staleTurnError(turnId: string): UnsequencedStreamMessage {
  return {
    type: "error",
    turnId,
    error: "The agent restarted while answering, so this answer was cut short. Ask again to continue.",
    code: "internal",
    retryable: true,
  };
}

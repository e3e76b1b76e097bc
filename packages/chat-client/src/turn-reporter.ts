/**
 * Reports each turn a basic agent's conversation finished to the broker (a basic agent reports nothing
 * itself), one at a time and in the order they ended. A failed report is retried with back-off a few times
 * (the broker stores a turn id once, so a retry after a lost answer does no harm); a report the broker
 * refused for good (`TurnReportRefused`) is not. The sending itself is the caller's (the web app's broker
 * call), so this stays free of HTTP.
 */
import {
  type EndedTurnStatus,
  MAX_REPORTED_RESPONSE_CHARS,
  type ReportedTurn,
  type TurnStopReason,
} from "@interject/protocol";
import type { TurnView } from "./chat-state.ts";
import { TurnReportRefused } from "./errors.ts";
import { type ReconnectPolicy, reconnectDelay } from "./reconnect-policy.ts";

export type ReportTurn = (turn: ReportedTurn) => Promise<void>;

export interface TurnReporterOptions {
  /** Attempts after the first. */
  retries: number;
  backoff: ReconnectPolicy;
  random?: () => number;
  /** A report given up on (refused, or still failing after every retry). */
  onGiveUp?: (turn: ReportedTurn, error: unknown) => void;
}

export const DEFAULT_TURN_REPORTER: TurnReporterOptions = {
  retries: 5,
  backoff: { baseDelayMs: 1000, maxDelayMs: 30_000, factor: 2 },
};

/**
 * The report for an ended turn, or null for one that is still running. A turn that never got under way
 * (stopped before it was sent) reports an empty answer; an answer longer than the broker keeps is cut.
 */
export function toReportedTurn(turn: TurnView, now: number = Date.now()): ReportedTurn | null {
  if (turn.status === "pending" || turn.status === "streaming" || turn.turnId === null) return null;
  const status: EndedTurnStatus = turn.status;
  const stopReason: TurnStopReason | null =
    status === "interrupted" ? (turn.interruptReason ?? "user") : null;
  const startedAt = turn.startedAt ?? turn.endedAt ?? now;
  return {
    turnId: turn.turnId,
    prompt: turn.prompt,
    response: turn.text.slice(0, MAX_REPORTED_RESPONSE_CHARS),
    status,
    stopReason,
    startedAt,
    endedAt: Math.max(startedAt, turn.endedAt ?? now),
  };
}

export class TurnReporter {
  private readonly queue: ReportedTurn[] = [];
  private draining: Promise<void> | null = null;
  private readonly options: TurnReporterOptions;

  constructor(
    private readonly send: ReportTurn,
    options: Partial<TurnReporterOptions> = {},
  ) {
    this.options = { ...DEFAULT_TURN_REPORTER, ...options };
  }

  /** Queues the report of an ended turn (a running one is ignored). */
  add(turn: TurnView): void {
    const report = toReportedTurn(turn);
    if (!report) return;
    this.queue.push(report);
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves once every queued report was delivered or given up on (tests, and leaving a page). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    for (let report = this.queue.shift(); report; report = this.queue.shift()) await this.deliver(report);
  }

  private async deliver(report: ReportedTurn): Promise<void> {
    const { retries, backoff, random, onGiveUp } = this.options;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.send(report);
        return;
      } catch (error) {
        if (error instanceof TurnReportRefused || attempt >= retries) {
          onGiveUp?.(report, error);
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt + 1, backoff, random)));
    }
  }
}

/**
 * What a browser reports to the broker about a turn it saw end, for agents that report nothing themselves (the
 * `basic` level: the AgentCore articles' agent knows no broker). `POST /api/conversations/:id/turns` takes a
 * `ReportedTurn`; the broker stores it marked as reported by the client. Also why a turn stopped early, as a
 * client records it (`TurnStopReason`), since a reported turn carries it.
 */
import { z } from "zod";
import { EndedTurnStatus, EpochMs, InterruptReason } from "./common.ts";
import { MAX_PROMPT_CHARS } from "./limits.ts";

/**
 * Why a turn stopped before its end, as a client saw it: the agent's `InterruptReason`, or one the client
 * knows alone: `disconnected` (the client lost the conversation for good, signed out or deleted, while the
 * turn ran, and cannot learn how it ended) and `cut_off` (the connection dropped mid-answer and the agent
 * cannot resume: a basic agent's answer is kept as far as it got).
 */
export const TurnStopReason = z.enum([...InterruptReason.options, "disconnected", "cut_off"]);
export type TurnStopReason = z.infer<typeof TurnStopReason>;

/**
 * The longest answer a report carries, in UTF-16 units; a client cuts a longer one to this length. Far above
 * what a chat answer needs (about 25,000 words).
 */
export const MAX_REPORTED_RESPONSE_CHARS = 100_000;

/**
 * The largest report body, in bytes: the longest prompt and answer take at most 6 bytes a UTF-16 unit in JSON
 * (a C0 control character as `\u00XX`), 660,000 bytes together, so any valid report fits.
 */
export const MAX_REPORTED_TURN_BYTES = 1024 * 1024;

export const ReportedTurn = z
  .strictObject({
    /** Made by the client (a UUID); the report is idempotent by it. */
    turnId: z.uuid(),
    prompt: z.string().min(1).max(MAX_PROMPT_CHARS),
    /** The answer as far as it got: whole when `complete`, partial otherwise. */
    response: z.string().max(MAX_REPORTED_RESPONSE_CHARS),
    /** A reported turn has ended: it is never `streaming`. */
    status: EndedTurnStatus,
    /** Set exactly when `status` is `interrupted`. */
    stopReason: TurnStopReason.nullable(),
    startedAt: EpochMs,
    endedAt: EpochMs,
  })
  .refine((turn) => (turn.status === "interrupted") === (turn.stopReason !== null), {
    path: ["stopReason"],
    message: "a stop reason goes with an interrupted turn, and only with one",
  })
  .refine((turn) => turn.endedAt >= turn.startedAt, {
    path: ["endedAt"],
    message: "a turn cannot end before it started",
  });
export type ReportedTurn = z.infer<typeof ReportedTurn>;

/** Who wrote a stored turn: the agent, through its event reports, or a browser (`ReportedTurn`). */
export const TurnReporter = z.enum(["agent", "client"]);
export type TurnReporter = z.infer<typeof TurnReporter>;

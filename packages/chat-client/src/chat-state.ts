/**
 * The client's view of one conversation, built only by the stream reducer: turns in order, each with its
 * answer text, status, traces and approval requests, plus the session's last applied seq.
 */
import type {
  ApprovalTrace,
  ErrorCode,
  TurnStatus as ProtocolTurnStatus,
  Trace,
  TraceLevel,
  TurnStopReason,
} from "@interject/protocol";

export type { TurnStopReason } from "@interject/protocol";

/** A turn on screen: `pending` until the agent numbers it, then the protocol's own status. */
export type TurnStatus = "pending" | ProtocolTurnStatus;

/** The agent's verdict on an approval request, from its `approval` trace. */
export type ApprovalDecision = Exclude<ApprovalTrace["decision"], "requested">;

export interface TraceEntry {
  seq: number;
  trace: Trace;
}

export interface ApprovalView {
  seq: number;
  requestId: string;
  tool: string;
  summary: string;
  input: unknown;
  /** Epoch ms after which the agent counts the request as denied. */
  deadline: number;
  /** What this client answered, if it did; the agent's verdict arrives as an `approval` trace. */
  answered: "approve" | "deny" | null;
  /** The agent's verdict (its `approval` trace), once known: live, from stored history, in the admin view. */
  decision: ApprovalDecision | null;
  /**
   * How much of the turn's answer text came before the request: the card sits there in the answer, between
   * the text written before the tool call and the text written after it.
   */
  textOffset: number;
}

/**
 * A file the turn's prompt carried. The sender knows its name, type and size from the upload; a turn learnt
 * from the agent alone (another tab) knows only its id until the broker's history names it.
 */
export interface AttachmentView {
  id: string;
  name?: string;
  mediaType?: string;
  size?: number;
}

export interface TurnView {
  /** Null while the prompt is only optimistic (sent, not yet acknowledged by a `turn` message). */
  turnId: string | null;
  promptId: string | null;
  prompt: string;
  text: string;
  status: TurnStatus;
  interruptReason: TurnStopReason | null;
  /** Set when the user asked to stop; the agent's `interrupted` message settles the status. */
  stopRequested: boolean;
  /**
   * `history`: the broker stored the turn as failed; `lost`: the agent no longer runs it and never ended it;
   * `agent`: a basic agent's `{"error"}` frame (which has no code); `text_only`: the prompt carried files and
   * the agent (a basic one) takes text only, so nothing was sent.
   */
  error: { code: ErrorCode | "history" | "lost" | "agent" | "text_only"; message: string } | null;
  traces: TraceEntry[];
  approvals: ApprovalView[];
  startedAt: number | null;
  endedAt: number | null;
  attachments: AttachmentView[];
  /** Set on a turn the broker stored from a browser's report (a basic agent reports nothing itself). */
  reportedBy?: "client";
}

export interface ConnectionNotice {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

export interface ChatState {
  sessionId: string | null;
  traceLevel: TraceLevel | null;
  /** The last stream seq applied; what `resume` asks after. */
  lastSeq: number;
  turns: TurnView[];
  /** The last connection-scoped error from the agent (an error frame without turnId). */
  notice: ConnectionNotice | null;
}

export const EMPTY_CHAT_STATE: ChatState = {
  sessionId: null,
  traceLevel: null,
  lastSeq: 0,
  turns: [],
  notice: null,
};

/** The turn still streaming (or waiting for its `turn` message), if any. */
export function activeTurn(state: ChatState): TurnView | undefined {
  for (let i = state.turns.length - 1; i >= 0; i--) {
    const turn = state.turns[i];
    if (turn && (turn.status === "streaming" || turn.status === "pending")) return turn;
  }
  return undefined;
}

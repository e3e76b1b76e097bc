/**
 * The stream reducer: folds agent messages, stored history and the user's own actions into `ChatState`.
 * Pure and synchronous. Stream messages apply only when their seq is above `lastSeq` (so a replay after
 * `resume` never shows a chunk twice); connection messages (`session`, `pong`, turnless `error`) repeat
 * the latest seq and never advance it.
 */
import {
  type AgentMessage,
  type ApprovalTrace,
  isFinalPart,
  isStreamMessage,
  type StreamMessage,
} from "@interject/protocol";
import type { ApprovalView, AttachmentView, ChatState, TurnView } from "./chat-state.ts";
import type { History, HistoryTurn } from "./history.ts";

export type ChatAction =
  | { type: "agent"; message: AgentMessage }
  | { type: "hydrate"; history: History }
  | { type: "prompt_sent"; promptId: string; text: string; at: number; attachments?: AttachmentView[] }
  | { type: "stop_requested"; turnId: string }
  | { type: "approval_answered"; requestId: string; decision: "approve" | "deny" }
  /** The connection is gone for good (signed out, conversation deleted): running turns end here. */
  | { type: "connection_ended"; at: number };

export function newTurn(fields: Partial<TurnView> & Pick<TurnView, "prompt">): TurnView {
  return {
    turnId: null,
    promptId: null,
    text: "",
    status: "streaming",
    interruptReason: null,
    stopRequested: false,
    error: null,
    traces: [],
    approvals: [],
    startedAt: null,
    endedAt: null,
    attachments: [],
    ...fields,
  };
}

function updateTurn(state: ChatState, turnId: string, update: (turn: TurnView) => TurnView): ChatState {
  const index = state.turns.findIndex((turn) => turn.turnId === turnId);
  const turns = state.turns.slice();
  if (index === -1) {
    // A turn we never saw start (history trimmed, or another tab's prompt before we attached): show it anyway.
    turns.push(update(newTurn({ turnId, prompt: "" })));
  } else {
    const turn = turns[index];
    if (turn) turns[index] = update(turn);
  }
  return { ...state, turns };
}

function applyTurnStart(state: ChatState, message: Extract<StreamMessage, { type: "turn" }>): ChatState {
  const pending = state.turns.findIndex((turn) => turn.turnId === null && turn.promptId === message.promptId);
  const started = { turnId: message.turnId, status: "streaming" as const, startedAt: message.at };
  if (pending !== -1) {
    const turns = state.turns.slice();
    const turn = turns[pending];
    // The sender's own view of its files (names, types, sizes) stays: the turn names them by id only.
    if (turn) turns[pending] = { ...turn, ...started, prompt: message.prompt };
    return { ...state, turns };
  }
  if (state.turns.some((turn) => turn.turnId === message.turnId)) return state;
  const turn = newTurn({
    ...started,
    promptId: message.promptId,
    prompt: message.prompt,
    attachments: message.attachments?.map((a) => ({ id: a.id })) ?? [],
  });
  return { ...state, turns: [...state.turns, turn] };
}

/** The agent's verdict on one of the turn's approval requests, from its `approval` trace. */
function withDecision(turn: TurnView, trace: ApprovalTrace): TurnView {
  const { decision } = trace;
  if (decision === "requested") return turn;
  if (!turn.approvals.some((approval) => approval.requestId === trace.requestId)) return turn;
  return {
    ...turn,
    approvals: turn.approvals.map((approval) =>
      approval.requestId === trace.requestId ? { ...approval, decision } : approval,
    ),
  };
}

/** An approval request joins its turn where the answer text is now (or at `textOffset`, from history). */
function addApproval(
  turn: TurnView,
  message: Extract<StreamMessage, { type: "approval_request" }>,
  textOffset: number,
): TurnView {
  const approval: ApprovalView = {
    seq: message.seq,
    requestId: message.requestId,
    tool: message.tool,
    summary: message.summary,
    input: message.input,
    deadline: message.deadline,
    answered: null,
    decision: null,
    textOffset: Math.min(textOffset, turn.text.length),
  };
  return { ...turn, approvals: [...turn.approvals, approval] };
}

function applyStream(state: ChatState, message: StreamMessage): ChatState {
  switch (message.type) {
    case "turn":
      return applyTurnStart(state, message);
    case "chunk":
      return updateTurn(state, message.turnId, (turn) => ({ ...turn, text: turn.text + message.data }));
    case "trace":
      return updateTurn(state, message.turnId, (turn) => {
        const traced = { ...turn, traces: [...turn.traces, { seq: message.seq, trace: message.trace }] };
        return message.trace.kind === "approval" ? withDecision(traced, message.trace) : traced;
      });
    case "approval_request":
      return updateTurn(state, message.turnId, (turn) => addApproval(turn, message, turn.text.length));
    case "complete":
      // A long answer's final message comes in parts: the streamed chunks already hold the text, and the
      // turn ends with the last part.
      if (!isFinalPart(message)) return state;
      return updateTurn(state, message.turnId, (turn) => ({
        ...turn,
        // The streamed chunks are the answer; fullResponse fills in only what this client did not receive.
        text:
          message.parts === undefined && message.fullResponse.length >= turn.text.length
            ? message.fullResponse
            : turn.text,
        status: "complete",
        endedAt: Date.now(),
      }));
    case "interrupted":
      if (!isFinalPart(message)) return state;
      return updateTurn(state, message.turnId, (turn) => ({
        ...turn,
        text: message.parts === undefined ? message.partialResponse : turn.text,
        status: "interrupted",
        interruptReason: message.reason,
        endedAt: Date.now(),
      }));
    case "error": {
      const error = { code: message.code, message: message.error };
      if (message.turnId === undefined) return state;
      return updateTurn(state, message.turnId, (turn) => ({
        ...turn,
        status: "error",
        error,
        endedAt: Date.now(),
      }));
    }
    case "bidi_response_start":
    case "bidi_audio_stream":
    case "bidi_transcript_stream":
    case "bidi_interruption":
    case "bidi_response_complete":
    case "bidi_usage":
      // Voice: a spoken exchange also comes as an ordinary turn (its `turn`, chunks and end), which is what
      // the transcript shows; these only advance the seq (the voice controller plays and marks the audio).
      return state;
  }
}

function applyAgent(state: ChatState, message: AgentMessage): ChatState {
  switch (message.type) {
    case "session": {
      const next = { ...state, sessionId: message.sessionId, traceLevel: message.traceLevel, notice: null };
      // Nothing is running and nothing is left to replay, yet we show an answer as streaming: the agent lost it
      // (a restart mid-answer). Say so rather than show a caret forever.
      if (message.activeTurnId !== null || message.lastSeq > state.lastSeq) return next;
      if (!state.turns.some((turn) => turn.status === "streaming")) return next;
      return {
        ...next,
        turns: state.turns.map((turn) =>
          turn.status === "streaming"
            ? {
                ...turn,
                status: "error",
                error: {
                  code: "lost",
                  message: "This answer was cut off: the agent stopped before finishing it.",
                },
              }
            : turn,
        ),
      };
    }
    case "pong":
      return state;
    case "error":
      // A turnless error is about one inbound frame: it repeats the latest seq and must not advance it.
      if (message.turnId === undefined) {
        // Resume outcomes are the session's own business (it reloads history, or carries on), not news
        // for the reader.
        if (message.code === "resume_too_old" || message.code === "resume_ahead") return state;
        return {
          ...state,
          notice: { code: message.code, message: message.error, retryable: message.retryable },
        };
      }
      break;
  }
  if (!isStreamMessage(message) || message.seq <= state.lastSeq) return state;
  return { ...applyStream(state, message), lastSeq: message.seq };
}

function fromHistory(turn: HistoryTurn): TurnView {
  return newTurn({
    turnId: turn.turnId,
    prompt: turn.prompt,
    text: turn.response,
    status: turn.status,
    startedAt: Date.parse(turn.startedAt),
    endedAt: turn.endedAt === null ? null : Date.parse(turn.endedAt),
    error: turn.status === "error" ? { code: "history", message: "This answer ended with an error." } : null,
    attachments: turn.attachments ?? [],
    interruptReason: turn.status === "interrupted" ? (turn.stopReason ?? null) : null,
    ...(turn.reportedBy === "client" ? { reportedBy: "client" as const } : {}),
  });
}

/**
 * Rebuilds the turns from stored history, keeping optimistic prompts the broker does not know yet. The turns
 * carry their text; the events add traces, approval requests (placed where the streamed text had got to when
 * each arrived), the agent's verdicts, and why an interrupted turn stopped.
 */
function hydrate(state: ChatState, history: History): ChatState {
  const pending = state.turns.filter((turn) => turn.turnId === null);
  let next: ChatState = { ...state, turns: history.turns.map(fromHistory), lastSeq: history.lastSeq };
  const streamed = new Map<string, number>();
  const known = new Set(history.turns.map((turn) => turn.turnId));
  const own = [...(history.events ?? [])].filter((event) => event.seq <= history.lastSeq);
  for (const events of [history.inheritedEvents ?? [], own]) {
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
      switch (event.type) {
        case "chunk":
          streamed.set(event.turnId, (streamed.get(event.turnId) ?? 0) + event.data.length);
          break;
        case "trace":
          next = applyStream(next, event);
          break;
        case "approval_request":
          next = updateTurn(next, event.turnId, (turn) =>
            addApproval(turn, event, streamed.get(event.turnId) ?? 0),
          );
          break;
        case "interrupted":
          if (!isFinalPart(event) || !known.has(event.turnId)) break;
          next = updateTurn(next, event.turnId, (turn) =>
            turn.status === "interrupted" ? { ...turn, interruptReason: event.reason } : turn,
          );
          break;
      }
    }
  }
  return { ...next, turns: [...next.turns, ...pending] };
}

/** The connection is gone for good: what was running or waiting to be sent stops, marked as cut off. */
function endRunningTurns(state: ChatState, at: number): ChatState {
  if (!state.turns.some((turn) => turn.status === "streaming" || turn.status === "pending")) return state;
  return {
    ...state,
    turns: state.turns.map((turn) =>
      turn.status === "streaming" || turn.status === "pending"
        ? {
            ...turn,
            status: "interrupted",
            interruptReason: "disconnected",
            stopRequested: false,
            endedAt: at,
          }
        : turn,
    ),
  };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case "agent":
      return applyAgent(state, action.message);
    case "hydrate":
      return hydrate(state, action.history);
    case "prompt_sent":
      return {
        ...state,
        turns: [
          ...state.turns,
          newTurn({
            promptId: action.promptId,
            prompt: action.text,
            status: "pending",
            attachments: action.attachments ?? [],
          }),
        ],
      };
    case "stop_requested":
      if (!state.turns.some((turn) => turn.turnId === action.turnId)) return state;
      return updateTurn(state, action.turnId, (turn) =>
        turn.status === "streaming" ? { ...turn, stopRequested: true } : turn,
      );
    case "connection_ended":
      return endRunningTurns(state, action.at);
    case "approval_answered":
      return {
        ...state,
        turns: state.turns.map((turn) =>
          turn.approvals.some((a) => a.requestId === action.requestId)
            ? {
                ...turn,
                approvals: turn.approvals.map((a) =>
                  a.requestId === action.requestId ? { ...a, answered: action.decision } : a,
                ),
              }
            : turn,
        ),
      };
  }
}

/** Applies many messages at once (history replay, admin transcripts). */
export function reduceMessages(state: ChatState, messages: readonly AgentMessage[]): ChatState {
  return messages.reduce((acc, message) => chatReducer(acc, { type: "agent", message }), state);
}

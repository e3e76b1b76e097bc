/**
 * The basic level's reducer: folds a basic agent's frames (the AgentCore articles' `chunk`, `complete`,
 * `interrupted` and `{"error"}`), the user's prompts and the socket's end into the same `ChatState` and
 * `TurnView`s as the full protocol's reducer, so every view works unchanged. Pure and synchronous.
 *
 * A basic frame names no turn: the agent answers prompts in the order it got them, so each frame belongs to
 * the oldest turn still streaming. A prompt's turn id is its prompt id, made by the client.
 */
import { type BasicAgentFrame, isBasicError, type TurnStopReason } from "@interject/protocol";
import type { AttachmentView, ChatState, TurnView } from "./chat-state.ts";
import type { History } from "./history.ts";
import { chatReducer, newTurn } from "./stream-reducer.ts";

export type BasicChatAction =
  /** The user sent a prompt; it waits (`pending`) until the socket is open. */
  | { type: "prompt_sent"; promptId: string; text: string; at: number }
  /** A prompt that is not sent (it carried files, which a basic agent cannot take): its turn shows why. */
  | {
      type: "prompt_refused";
      promptId: string;
      text: string;
      attachments: readonly AttachmentView[];
      message: string;
      at: number;
    }
  /** The prompt went out as `{"inputText"}`: its answer streams from now on. */
  | { type: "prompt_transmitted"; promptId: string }
  | { type: "frame"; frame: BasicAgentFrame; at: number }
  /**
   * The socket ended under running answers: `user` when the user stopped (the client closed it, so the
   * agent cancelled the answer; prompts not yet sent are dropped too), `cut_off` when it dropped (prompts
   * not yet sent stay, for the next socket).
   */
  | { type: "socket_ended"; reason: Extract<TurnStopReason, "user" | "cut_off">; at: number }
  /** The first frame fits no level Interject knows: the running answer fails with why. */
  | { type: "unknown_protocol"; message: string; at: number }
  | { type: "hydrate"; history: History }
  | { type: "connection_ended"; at: number };

const running = (turn: TurnView) => turn.status === "streaming" || turn.status === "pending";

/** The turn the next frame belongs to: the oldest one still streaming. */
function headIndex(state: ChatState): number {
  return state.turns.findIndex((turn) => turn.status === "streaming");
}

function updateAt(state: ChatState, index: number, update: (turn: TurnView) => TurnView): ChatState {
  const turn = state.turns[index];
  if (!turn) return state;
  const turns = state.turns.slice();
  turns[index] = update(turn);
  return { ...state, turns };
}

/** The final text of an ended answer: the agent's whole text, unless what streamed here is longer. */
const finalText = (turn: TurnView, text: string) => (text.length >= turn.text.length ? text : turn.text);

function applyFrame(state: ChatState, frame: BasicAgentFrame, at: number): ChatState {
  const head = headIndex(state);
  if (isBasicError(frame)) {
    // An error with no answer running is about the socket (the agent could not read something it got).
    if (head === -1)
      return { ...state, notice: { code: "internal", message: frame.error, retryable: false } };
    return updateAt(state, head, (turn) => ({
      ...turn,
      status: "error",
      error: { code: "agent", message: frame.error },
      endedAt: at,
    }));
  }
  // A frame for no running answer belongs to nothing this client asked: dropped.
  if (head === -1) return state;
  switch (frame.type) {
    case "chunk":
      return updateAt(state, head, (turn) => ({ ...turn, text: turn.text + frame.data }));
    case "complete":
      return updateAt(state, head, (turn) => ({
        ...turn,
        text: finalText(turn, frame.fullResponse),
        status: "complete",
        endedAt: at,
      }));
    case "interrupted":
      // The articles' agent interrupts an answer only for a newer prompt.
      return updateAt(state, head, (turn) => ({
        ...turn,
        text: finalText(turn, frame.partialResponse),
        status: "interrupted",
        interruptReason: "new_prompt",
        endedAt: at,
      }));
  }
}

/**
 * Every answer streaming on the socket that ended stops here. The newest stops for `reason`; older ones were
 * already superseded by it (the agent had their `interrupted` on its way), so they stopped for a new prompt.
 */
function endSocket(state: ChatState, reason: "user" | "cut_off", at: number): ChatState {
  const newest = state.turns.findLastIndex((turn) => turn.status === "streaming");
  const stops = (turn: TurnView) => turn.status === "streaming" || (reason === "user" && running(turn));
  if (!state.turns.some(stops)) return state;
  return {
    ...state,
    turns: state.turns.map((turn, index) =>
      stops(turn)
        ? {
            ...turn,
            status: "interrupted",
            interruptReason: index >= newest ? reason : "new_prompt",
            stopRequested: false,
            endedAt: at,
          }
        : turn,
    ),
  };
}

export function basicReducer(state: ChatState, action: BasicChatAction): ChatState {
  switch (action.type) {
    case "prompt_sent":
      return {
        ...state,
        turns: [
          ...state.turns,
          newTurn({
            turnId: action.promptId,
            promptId: action.promptId,
            prompt: action.text,
            status: "pending",
            startedAt: action.at,
          }),
        ],
      };
    case "prompt_refused":
      return {
        ...state,
        turns: [
          ...state.turns,
          newTurn({
            turnId: action.promptId,
            promptId: action.promptId,
            prompt: action.text,
            status: "error",
            error: { code: "text_only", message: action.message },
            attachments: [...action.attachments],
            startedAt: action.at,
            endedAt: action.at,
          }),
        ],
      };
    case "prompt_transmitted": {
      const index = state.turns.findIndex(
        (turn) => turn.promptId === action.promptId && turn.status === "pending",
      );
      return updateAt(state, index, (turn) => ({ ...turn, status: "streaming" }));
    }
    case "frame":
      return applyFrame(state, action.frame, action.at);
    case "socket_ended":
      return endSocket(state, action.reason, action.at);
    case "unknown_protocol": {
      const head = headIndex(state);
      const notice = { code: "invalid_message" as const, message: action.message, retryable: false };
      if (head === -1) return { ...state, notice };
      return updateAt({ ...state, notice }, head, (turn) => ({
        ...turn,
        status: "error",
        error: { code: "invalid_message", message: action.message },
        endedAt: action.at,
      }));
    }
    case "hydrate":
    case "connection_ended":
      return chatReducer(state, action);
  }
}

/** The turns that ended between two states (each once): what a basic client reports to the broker. */
export function endedTurns(before: ChatState, after: ChatState): TurnView[] {
  if (before.turns === after.turns) return [];
  const wasRunning = new Set(before.turns.filter(running).map((turn) => turn.turnId));
  return after.turns.filter((turn) => !running(turn) && wasRunning.has(turn.turnId));
}

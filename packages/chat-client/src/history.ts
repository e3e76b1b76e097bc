/**
 * The broker's stored history of a conversation (`GET /api/conversations/:id/messages` and `/events`), as
 * the reducer takes it to rebuild a page that was reloaded. These are broker API shapes, not protocol
 * messages: the events inside are protocol `StreamMessage`s.
 */
import type { StreamMessage, TurnReporter, TurnStatus, TurnStopReason } from "@interject/protocol";
import type { AttachmentView } from "./chat-state.ts";

export interface HistoryTurn {
  turnId: string;
  prompt: string;
  response: string;
  status: TurnStatus;
  /** ISO timestamps, as the broker sends them. */
  startedAt: string;
  endedAt: string | null;
  /** The files the prompt carried, as the broker names them. */
  attachments?: AttachmentView[];
  /** Who reported the turn: the agent (its events), or a browser for a basic agent. Absent means the agent. */
  reportedBy?: TurnReporter;
  /** Why a reported turn stopped early; an agent's turn has it in its `interrupted` event instead. */
  stopReason?: TurnStopReason | null;
}

export interface History {
  turns: HistoryTurn[];
  /** The seq the turns are complete up to: the client resumes after it. */
  lastSeq: number;
  /** Stream events (for their traces and approval requests); those after `lastSeq` are ignored. */
  events?: StreamMessage[];
  /**
   * Events of turns this conversation shows from other runtime sessions (a branch's inherited turns, see the
   * broker's branches): numbered in their own sessions, so applied whatever `lastSeq` is, each session's in
   * seq order.
   */
  inheritedEvents?: StreamMessage[];
}

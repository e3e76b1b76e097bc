/**
 * What a screen holds for one conversation, whatever the agent's protocol level: `ChatConnection`, the surface
 * both sessions offer (the full protocol's `ChatSession`, the basic level's `BasicChatSession`, and
 * `AgentChat`, which picks one), and the shapes they share.
 */
import type {
  AgentMessage,
  AgentProtocolLevel,
  ProtocolLevel,
  VoiceClientMessage,
} from "@interject/protocol";
import type { AttachmentView, ChatState } from "./chat-state.ts";
import type { ConnectionState } from "./connection-state.ts";
import type { History } from "./history.ts";

/** What the broker's `POST /api/conversations/:id/connection` answers. */
export interface ConnectionGrant {
  url: string;
  expiresAt: string;
  sessionId: string;
  /** The agent's level as the registry has it; absent from a broker without a registry, which means `full`. */
  protocolLevel?: AgentProtocolLevel;
}

export interface ChatSnapshot {
  chat: ChatState;
  connection: ConnectionState;
  /** The level this client speaks with the agent; null until it is known (`detect`). */
  level: ProtocolLevel | null;
}

export interface ChatConnection {
  getSnapshot(): ChatSnapshot;
  /** Fits React's `useSyncExternalStore`; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Opens the connection (idempotent). */
  start(): void;
  /** Closes for good (leaving the page or the conversation). */
  stop(): void;
  /** Skips the current back-off wait (e.g. the browser came back online). */
  reconnectNow(): void;
  /** Replaces the turns with the broker's stored history (page load). */
  hydrate(history: History): void;
  /** Replaces the turns with fresh broker history after the agent could not replay (full level only). */
  resync(history: History): void;
  /**
   * Sends a prompt; one sent while an answer streams interrupts that answer (both levels). `attachments`:
   * files already uploaded to the broker, named by id in the prompt (full level only: a basic agent's prompt
   * is its text, so they are not sent to it).
   */
  sendPrompt(text: string, attachments?: readonly AttachmentView[]): string;
  /** Stops the running answer. False when nothing is running. */
  interrupt(): boolean;
  /** Answers an approval request (full level only: a basic agent asks for none). */
  answerApproval(requestId: string, decision: "approve" | "deny"): void;
}

/**
 * What voice needs of a conversation's connection (`ChatSession` and `AgentChat` offer it; voice travels on
 * the full protocol only): the connection's state, sending voice while connected, and the agent's messages.
 */
export interface VoiceLink {
  getSnapshot(): ChatSnapshot;
  subscribe(listener: () => void): () => void;
  /** Sends now if the connection is open; false otherwise (audio is never queued to arrive late). */
  sendVoice(message: VoiceClientMessage): boolean;
  /** Every message the agent sends, once; returns the unsubscribe function. */
  onAgentMessage(listener: (message: AgentMessage) => void): () => void;
}

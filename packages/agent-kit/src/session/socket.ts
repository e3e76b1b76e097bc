import { SESSION_STOPPED_CLOSE_CODE } from "@interject/agentcore-sigv4/constants";

/**
 * The minimal socket the session logic is written against (as tldraw's sync-core does), so sessions and
 * connections are unit-tested without a network. The `ws` server and the SSE responder both adapt to it.
 */
export interface AgentSocket {
  /** Sends one text frame; `done` runs once the frame has left the process, or with the error if it failed. */
  send(text: string, done: (error?: Error) => void): void;
  close(code: number, reason: string): void;
}

/** Close codes the agent uses besides the standard 1000, 1001, 1009 and 1011 (see README.md). */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  messageTooBig: 1009,
  internalError: 1011,
  /** The reader fell further behind than AGENT_OUTBOUND_HARD_CAP_BYTES. */
  slowReader: 4001,
  /** The session was dropped after AGENT_SESSION_IDLE_SECONDS without activity. */
  sessionExpired: 4002,
  /**
   * The runtime session was stopped (StopRuntimeSession): the local runtime closes an agent-side socket with
   * it, and the agent closes the session's other sockets with it.
   */
  sessionStopped: SESSION_STOPPED_CLOSE_CODE,
} as const;

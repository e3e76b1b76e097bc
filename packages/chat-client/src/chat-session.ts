/**
 * One conversation's live connection to the agent, framework-free (the web app and the Node load benchmark
 * share it). It owns the chat state (through the stream reducer) and the connection state machine, asks
 * for a fresh presigned URL before every connection attempt (never reusing one), waits with back-off and
 * jitter between attempts, sends `resume` with the last seq first on every open, keeps an outbox for what
 * the user sends while disconnected (voice is sent only while connected), and runs the heartbeat. It does
 * not read close codes: after any close it mints again, and the broker's answer decides: 401 (the sign-in ended: signed out, disabled, password
 * changed elsewhere) and 404 (the conversation is gone) end the connection for good, with no retry.
 * Subscribe/getSnapshot fit React's `useSyncExternalStore`.
 */
import {
  AgentMessage,
  type ClientMessage,
  isStreamMessage,
  type ParseError,
  parseJson,
  type VoiceClientMessage,
} from "@interject/protocol";
import type { ChatConnection, ChatSnapshot, ConnectionGrant } from "./chat-connection.ts";
import { type AttachmentView, activeTurn, type ChatState, EMPTY_CHAT_STATE } from "./chat-state.ts";
import { ConnectionAttempts, DEFAULT_CONNECTION_TIMEOUT_MS } from "./connection-attempts.ts";
import {
  type ConnectionEvent,
  type ConnectionProblem,
  INITIAL_CONNECTION_STATE,
  nextConnectionState,
} from "./connection-state.ts";
import { DEFAULT_HEARTBEAT, Heartbeat, type HeartbeatOptions } from "./heartbeat.ts";
import type { History } from "./history.ts";
import { DEFAULT_RECONNECT_POLICY, type ReconnectPolicy } from "./reconnect-policy.ts";
import {
  type ManagedSocket,
  partySocketFactory,
  RECONNECT_CLOSE_CODE,
  type SocketFactory,
  type WebSocketConstructor,
} from "./socket.ts";
import { type ChatAction, chatReducer } from "./stream-reducer.ts";

export interface ChatSessionOptions {
  /** Mints a fresh URL; throw `ConnectionUrlError` to say why it failed. Called before every attempt. */
  getConnectionUrl: () => Promise<ConnectionGrant>;
  initialState?: ChatState;
  socketFactory?: SocketFactory;
  /** For Node without a global WebSocket (or to use the `ws` package). */
  WebSocket?: WebSocketConstructor;
  reconnect?: Partial<ReconnectPolicy>;
  heartbeat?: Partial<HeartbeatOptions>;
  connectionTimeoutMs?: number;
  random?: () => number;
  newId?: () => string;
  /** A frame from the agent that does not match the protocol (dropped). */
  onInvalidFrame?: (error: ParseError) => void;
  /**
   * The agent no longer buffers the events after our seq (`resume_too_old`): reload history from the broker.
   * Not on `resume_ahead`: then this client has seen more than the agent and the broker (the agent restarted
   * before reporting its last events); reloading would replace fresher state with staler, so it carries on,
   * and the agent ends any turn it lost with an error numbered after our seq.
   */
  onResyncNeeded?: () => void;
}

export class ChatSession implements ChatConnection {
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  private socket: ManagedSocket | null = null;
  private readonly outbox: ClientMessage[] = [];
  private readonly heartbeat: Heartbeat;
  private readonly attempts: ConnectionAttempts;
  private readonly messageListeners = new Set<(message: AgentMessage) => void>();

  constructor(private readonly options: ChatSessionOptions) {
    this.snapshot = {
      chat: options.initialState ?? EMPTY_CHAT_STATE,
      connection: INITIAL_CONNECTION_STATE,
      level: "full",
    };
    this.attempts = new ConnectionAttempts(
      {
        getConnectionUrl: () => this.options.getConnectionUrl(),
        connection: () => this.snapshot.connection,
        setConnection: (event) => this.setConnection(event),
        stopped: () => this.socket === null,
        onTerminal: {
          // Signed out or conversation gone: what was running is shown as cut off rather than streaming
          // forever, before the state says failed.
          before: () => {
            this.heartbeat.stop();
            this.dispatch({ type: "connection_ended", at: Date.now() });
          },
          after: (reason) => {
            this.socket?.close(1000, reason);
            this.socket = null;
          },
        },
      },
      { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect },
      options.random,
    );
    this.heartbeat = new Heartbeat(
      { ...DEFAULT_HEARTBEAT, ...options.heartbeat },
      (nonce) => this.transmit({ type: "ping", nonce }),
      () => this.onHeartbeatTimeout(),
    );
  }

  getSnapshot = (): ChatSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Opens the connection (idempotent). */
  start(): void {
    if (this.socket) return;
    this.attempts.everConnected = false;
    this.setConnection({ type: "start" });
    const factory = this.options.socketFactory ?? partySocketFactory(this.options.WebSocket);
    this.socket = factory({
      url: () => this.nextUrl(),
      connectionTimeoutMs: this.options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      handlers: {
        open: () => this.onOpen(),
        message: (data) => this.onMessage(data),
        close: (info) => this.onClose(info.code, info.reason),
      },
    });
  }

  /** Closes for good (leaving the page or the conversation). */
  stop(): void {
    this.heartbeat.stop();
    this.setConnection({ type: "stop" });
    this.socket?.close(1000, "client closed");
    this.socket = null;
    this.attempts.wake();
  }

  /** Skips the current back-off wait (e.g. the browser came back online). */
  reconnectNow(): void {
    this.attempts.wake();
  }

  /** Replaces the turns with the broker's stored history (page load, or after a resync). */
  hydrate(history: History): void {
    this.dispatch({ type: "hydrate", history });
  }

  /**
   * After `resume_too_old`: replaces the turns with fresh broker history and reconnects, so the next
   * `resume` asks after the broker's seq, which the agent's replay buffer can serve.
   */
  resync(history: History): void {
    this.hydrate(history);
    this.socket?.reconnect(RECONNECT_CLOSE_CODE, "resync");
  }

  /**
   * Sends a prompt; if an answer is streaming the agent interrupts it (reason `new_prompt`). `attachments`
   * are files already uploaded to the broker: the prompt names them by id.
   */
  sendPrompt(text: string, attachments: readonly AttachmentView[] = []): string {
    const promptId = (this.options.newId ?? (() => crypto.randomUUID()))();
    this.dispatch({ type: "prompt_sent", promptId, text, at: Date.now(), attachments: [...attachments] });
    this.enqueue({
      type: "prompt",
      id: promptId,
      text,
      ...(attachments.length > 0 ? { attachments: attachments.map((a) => ({ id: a.id })) } : {}),
    });
    return promptId;
  }

  /** Asks the agent to stop the running answer. False when nothing is running. */
  interrupt(): boolean {
    const turn = activeTurn(this.snapshot.chat);
    if (!turn) return false;
    if (turn.turnId === null) {
      this.enqueue({ type: "interrupt" });
      return true;
    }
    this.dispatch({ type: "stop_requested", turnId: turn.turnId });
    this.enqueue({ type: "interrupt", turnId: turn.turnId });
    return true;
  }

  /**
   * Sends a voice message now, if the connection is open (false otherwise): audio is never queued while
   * disconnected (it would arrive late), and a voice client starts voice again once it sees `ready`.
   */
  sendVoice(message: VoiceClientMessage): boolean {
    if (!this.isOpen) return false;
    this.transmit(message);
    return true;
  }

  /** Calls `listener` with every message the agent sends (voice plays and marks its `bidi_*` messages). */
  onAgentMessage(listener: (message: AgentMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  answerApproval(requestId: string, decision: "approve" | "deny"): void {
    this.dispatch({ type: "approval_answered", requestId, decision });
    this.enqueue({ type: "approval", requestId, decision });
  }

  private get isOpen(): boolean {
    const status = this.snapshot.connection.status;
    return status === "open" || status === "ready";
  }

  private enqueue(message: ClientMessage): void {
    if (this.isOpen) this.transmit(message);
    else this.outbox.push(message);
  }

  private transmit(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private async nextUrl(): Promise<string> {
    return (await this.attempts.next()).url;
  }

  private onOpen(): void {
    this.setConnection({ type: "socket_open" });
    // `resume` must be the first inbound message: the agent attaches us to the live stream only after it.
    this.transmit({ type: "resume", afterSeq: this.snapshot.chat.lastSeq });
    for (const message of this.outbox.splice(0)) this.transmit(message);
    this.heartbeat.start();
  }

  private onMessage(data: unknown): void {
    this.heartbeat.noteActivity();
    if (typeof data !== "string") return;
    const message = parseAgentFrame(data, this.options.onInvalidFrame);
    if (!message) return;
    if (message.type === "session") {
      this.attempts.everConnected = true;
      this.setConnection({ type: "session" });
    }
    if (message.type === "error" && message.code === "resume_too_old") {
      this.options.onResyncNeeded?.();
    }
    const seen = this.snapshot.chat.lastSeq;
    this.dispatch({ type: "agent", message });
    // A stream message replayed after a resume, already applied, is not news to a listener either.
    if (isStreamMessage(message) && message.seq <= seen) return;
    for (const listener of this.messageListeners) listener(message);
  }

  private onClose(code: number, reason: string): void {
    this.heartbeat.stop();
    const status = this.snapshot.connection.status;
    if (status === "connecting") {
      const why = reason === "timeout" ? "did not answer in time" : `refused the connection (code ${code})`;
      this.problem({
        kind: "runtime_refused",
        message: `The agent runtime ${why}. Retrying with a new link.`,
      });
    } else if (
      (status === "open" || status === "ready") &&
      this.snapshot.connection.problem?.kind !== "heartbeat_timeout"
    ) {
      this.problem({
        kind: "connection_lost",
        message: `The connection dropped (code ${code}). Reconnecting.`,
      });
    }
    if (status === "connecting" || status === "open" || status === "ready")
      this.setConnection({ type: "socket_closed" });
  }

  private onHeartbeatTimeout(): void {
    this.problem({ kind: "heartbeat_timeout", message: "The connection stopped answering. Reconnecting." });
    this.socket?.reconnect(RECONNECT_CLOSE_CODE, "heartbeat timeout");
  }

  private problem(problem: ConnectionProblem): void {
    this.setConnection({ type: "problem", problem, terminal: false });
  }

  private dispatch(action: ChatAction): void {
    const chat = chatReducer(this.snapshot.chat, action);
    if (chat !== this.snapshot.chat) this.publish({ ...this.snapshot, chat });
  }

  private setConnection(event: ConnectionEvent): void {
    const connection = nextConnectionState(this.snapshot.connection, event);
    if (connection !== this.snapshot.connection) this.publish({ ...this.snapshot, connection });
  }

  private publish(snapshot: ChatSnapshot): void {
    this.snapshot = snapshot;
    for (const listener of this.listeners) listener();
  }
}

/**
 * The agent's frames are parsed with the protocol's schema but a receive limit of 1 MB rather than the 64 KB
 * meant for the agent's own inbound frames: a `complete` carrying a long `fullResponse` must not be dropped
 * (that would leave the answer "streaming" forever).
 */
const MAX_AGENT_FRAME_BYTES = 1024 * 1024;

function parseAgentFrame(data: string, onInvalid?: (error: ParseError) => void): AgentMessage | null {
  const json = parseJson(data, MAX_AGENT_FRAME_BYTES);
  if (!json.ok) {
    onInvalid?.(json.error);
    return null;
  }
  const result = AgentMessage.safeParse(json.value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  onInvalid?.({ code: "invalid_message", message: "An agent message does not match the protocol.", issues });
  return null;
}

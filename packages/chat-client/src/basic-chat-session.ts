/**
 * One conversation's live connection to a `basic` agent: the AgentCore articles' wire (`{"inputText"}` in;
 * `chunk`, `complete`, `interrupted`, `{"error"}` out, parsed with the basic schemas only). The same surface
 * and the same `ChatState` as the full protocol's `ChatSession`, with what the level allows:
 *
 * - A prompt mid-answer goes out at once; the agent interrupts the running answer (its `interrupted` keeps
 *   the partial) and answers the new one.
 * - Stop closes the socket, which is how the articles' agent stops (it cancels the answer when its socket
 *   closes); the answer shows as stopped by the user, and a new socket opens at once with a fresh URL for
 *   the same session id, ready for the next prompt.
 * - There is no resume, no hello and no app-level ping: a socket that drops mid-answer leaves the answer as
 *   far as it got, marked cut off; prompts not yet sent wait for the next socket.
 * - The agent reports nothing to the broker, so each turn that ends is reported (`reportTurn`).
 *
 * Like `ChatSession` it mints a fresh URL before every attempt (waiting with back-off after a drop or a
 * failure) and stops for good when the broker says the sign-in ended or the conversation is gone.
 */
import { detectProtocolLevel, type ParseError, parseBasicAgentFrame } from "@interject/protocol";
import { type BasicChatAction, basicReducer, endedTurns } from "./basic-reducer.ts";
import type { ChatConnection, ChatSnapshot, ConnectionGrant } from "./chat-connection.ts";
import { type AttachmentView, activeTurn, type ChatState, EMPTY_CHAT_STATE } from "./chat-state.ts";
import { ConnectionAttempts, DEFAULT_CONNECTION_TIMEOUT_MS } from "./connection-attempts.ts";
import {
  type ConnectionEvent,
  type ConnectionProblem,
  INITIAL_CONNECTION_STATE,
  nextConnectionState,
} from "./connection-state.ts";
import type { History } from "./history.ts";
import { DEFAULT_RECONNECT_POLICY, type ReconnectPolicy } from "./reconnect-policy.ts";
import {
  type ManagedSocket,
  partySocketFactory,
  RECONNECT_CLOSE_CODE,
  type SocketFactory,
  type WebSocketConstructor,
} from "./socket.ts";
import { type ReportTurn, TurnReporter, type TurnReporterOptions } from "./turn-reporter.ts";

export interface BasicChatSessionOptions {
  /** Mints a fresh URL; throw `ConnectionUrlError` to say why it failed. Called before every attempt. */
  getConnectionUrl: () => Promise<ConnectionGrant>;
  initialState?: ChatState;
  socketFactory?: SocketFactory;
  /** For Node without a global WebSocket (or to use the `ws` package). */
  WebSocket?: WebSocketConstructor;
  reconnect?: Partial<ReconnectPolicy>;
  connectionTimeoutMs?: number;
  random?: () => number;
  newId?: () => string;
  /** A frame from the agent that is not a basic frame (dropped). */
  onInvalidFrame?: (error: ParseError) => void;
  /** Sends an ended turn's report to the broker; without it nothing is reported. */
  reportTurn?: ReportTurn;
  turnReporter?: Partial<TurnReporterOptions>;
  /**
   * The level was taken from silence (`detect`), not known: the first frame is checked against both levels.
   * A full agent's `session` hello calls `onFullAgent` (the caller switches to `ChatSession`); a frame of
   * neither level fails the running answer and ends the connection.
   */
  confirmLevel?: { onFullAgent: () => void };
}

export class BasicChatSession implements ChatConnection {
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  private socket: ManagedSocket | null = null;
  private readonly outbox: string[] = [];
  private readonly attempts: ConnectionAttempts;
  private readonly reporter: TurnReporter | null;
  /** The close about to be reported is the client's own (Stop): no problem to show. */
  private closingOnPurpose = false;
  private levelConfirmed: boolean;
  private openedAt = 0;

  constructor(private readonly options: BasicChatSessionOptions) {
    this.snapshot = {
      chat: options.initialState ?? EMPTY_CHAT_STATE,
      connection: INITIAL_CONNECTION_STATE,
      level: "basic",
    };
    this.attempts = new ConnectionAttempts(
      {
        getConnectionUrl: () => this.options.getConnectionUrl(),
        connection: () => this.snapshot.connection,
        setConnection: (event) => this.setConnection(event),
        stopped: () => this.socket === null,
        onTerminal: {
          before: () => this.dispatch({ type: "connection_ended", at: Date.now() }),
          after: (reason) => {
            this.closingOnPurpose = true;
            this.socket?.close(1000, reason);
            this.socket = null;
          },
        },
      },
      { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect },
      options.random,
    );
    this.levelConfirmed = options.confirmLevel === undefined;
    this.reporter = options.reportTurn ? new TurnReporter(options.reportTurn, options.turnReporter) : null;
  }

  getSnapshot = (): ChatSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

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
        close: (info) => this.onClose(info.code),
      },
    });
  }

  /** Closes for good. An answer still streaming is cut off by it (the agent stops with its socket). */
  stop(): void {
    this.leave();
    this.dispatch({ type: "socket_ended", reason: "cut_off", at: Date.now() });
  }

  /** Closes for good without ending or reporting anything: the agent turned out to speak the full protocol. */
  abandon(): void {
    this.leave();
  }

  reconnectNow(): void {
    this.attempts.wake();
  }

  hydrate(history: History): void {
    this.dispatch({ type: "hydrate", history });
  }

  /** A basic agent replays nothing, so there is nothing to resynchronise: the history simply replaces the turns. */
  resync(history: History): void {
    this.hydrate(history);
  }

  /**
   * Sends a prompt as `{"inputText"}`. A basic agent takes text only: a prompt that carries files is not sent
   * (sending its text alone would answer a question other than the one asked); its turn says why, so the
   * user can send the text again without them, or pick an agent that reads files.
   */
  sendPrompt(text: string, attachments: readonly AttachmentView[] = []): string {
    const promptId = (this.options.newId ?? (() => crypto.randomUUID()))();
    if (attachments.length > 0) {
      const count = attachments.length === 1 ? "a file" : `${attachments.length} files`;
      const names = attachments.flatMap((file) => (file.name ? [file.name] : []));
      const carried = names.length > 0 ? `${count} (${names.join(", ")})` : count;
      this.dispatch({
        type: "prompt_refused",
        promptId,
        text,
        attachments,
        message: `This agent reads text only, so this message was not sent: it carried ${carried}. Send it again without them, or start a conversation with an agent that reads files.`,
        at: Date.now(),
      });
      return promptId;
    }
    this.dispatch({ type: "prompt_sent", promptId, text, at: Date.now() });
    this.outbox.push(promptId);
    if (this.isOpen) this.flush();
    return promptId;
  }

  /**
   * Stops the running answer by closing the socket (the articles' agent has no interrupt message; it cancels
   * the answer when its socket closes), then connects again at once with a fresh URL.
   */
  interrupt(): boolean {
    if (!activeTurn(this.snapshot.chat)) return false;
    this.outbox.length = 0;
    this.dispatch({ type: "socket_ended", reason: "user", at: Date.now() });
    if (this.socket && this.isOpen) {
      this.closingOnPurpose = true;
      this.attempts.immediate = true;
      this.socket.reconnect(RECONNECT_CLOSE_CODE, "stopped by the user");
    }
    return true;
  }

  /** A basic agent asks for no approvals. */
  answerApproval(): void {}

  /** Resolves once every turn report queued so far has been delivered or given up on. */
  reportsSettled(): Promise<void> {
    return this.reporter?.settled() ?? Promise.resolve();
  }

  private leave(): void {
    this.setConnection({ type: "stop" });
    this.closingOnPurpose = true;
    this.socket?.close(1000, "client closed");
    this.socket = null;
    this.attempts.wake();
  }

  private get isOpen(): boolean {
    const status = this.snapshot.connection.status;
    return status === "open" || status === "ready";
  }

  /** Sends every waiting prompt as `{"inputText"}`, oldest first. */
  private flush(): void {
    for (const promptId of this.outbox.splice(0)) {
      const turn = this.snapshot.chat.turns.find((t) => t.promptId === promptId && t.status === "pending");
      if (!turn) continue;
      this.socket?.send(JSON.stringify({ inputText: turn.prompt }));
      this.dispatch({ type: "prompt_transmitted", promptId });
    }
  }

  private async nextUrl(): Promise<string> {
    return (await this.attempts.next()).url;
  }

  private onOpen(): void {
    this.openedAt = Date.now();
    this.attempts.everConnected = true;
    this.setConnection({ type: "socket_open" });
    // No hello at this level: an open socket is ready for prompts.
    this.setConnection({ type: "session" });
    this.flush();
  }

  private onMessage(data: unknown): void {
    if (typeof data !== "string") {
      this.options.onInvalidFrame?.({
        code: "binary_frame",
        message: "A basic agent sends JSON text frames; a binary frame was dropped.",
        issues: [],
      });
      return;
    }
    if (!this.levelConfirmed && !this.confirmLevel(data)) return;
    const frame = parseBasicAgentFrame(data);
    if (!frame.ok) {
      this.options.onInvalidFrame?.(frame.error);
      return;
    }
    this.dispatch({ type: "frame", frame: frame.value, at: Date.now() });
  }

  /** The first frame after a level taken from silence: false when it is not a basic frame. */
  private confirmLevel(data: string): boolean {
    this.levelConfirmed = true;
    const detection = detectProtocolLevel({
      firstFrame: data,
      elapsedMs: Date.now() - this.openedAt,
      prompted: true,
    });
    if (detection.kind === "detected" && detection.level === "full") {
      this.options.confirmLevel?.onFullAgent();
      return false;
    }
    if (detection.kind !== "unknown") return true;
    const problem: ConnectionProblem = {
      kind: "unknown_protocol",
      message: `This agent does not speak a protocol Interject knows: ${detection.reason}.`,
    };
    this.dispatch({ type: "unknown_protocol", message: problem.message, at: Date.now() });
    this.setConnection({ type: "problem", problem, terminal: true });
    this.leave();
    return false;
  }

  private onClose(code: number): void {
    if (this.closingOnPurpose) {
      this.closingOnPurpose = false;
    } else {
      const status = this.snapshot.connection.status;
      if (status === "connecting") {
        this.problem({
          kind: "runtime_refused",
          message: `The agent runtime refused the connection (code ${code}). Retrying with a new link.`,
        });
      } else if (status === "open" || status === "ready") {
        this.problem({
          kind: "connection_lost",
          message: `The connection dropped (code ${code}). Reconnecting.`,
        });
        // No resume at this level: what streamed is all there will be of the running answer.
        this.dispatch({ type: "socket_ended", reason: "cut_off", at: Date.now() });
      }
    }
    const status = this.snapshot.connection.status;
    if (status === "connecting" || status === "open" || status === "ready")
      this.setConnection({ type: "socket_closed" });
  }

  private problem(problem: ConnectionProblem): void {
    this.setConnection({ type: "problem", problem, terminal: false });
  }

  private dispatch(action: BasicChatAction): void {
    const chat = basicReducer(this.snapshot.chat, action);
    if (chat === this.snapshot.chat) return;
    const ended = endedTurns(this.snapshot.chat, chat);
    this.publish({ ...this.snapshot, chat });
    for (const turn of ended) this.reporter?.add(turn);
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

/**
 * A conversation's chat with an agent of either protocol level: what the web app holds. It mints the first
 * URL, reads the agent's level from the answer (`protocolLevel`: `full`, `basic`, or `detect`), and hands the
 * conversation to the session of that level (`ChatSession` or `BasicChatSession`) with that URL for its first
 * connection. For `detect` it probes a connection first (level-probe.ts): a hello means full, silence means
 * basic, which the basic session confirms on the agent's first reply (a late hello switches to full: the agent
 * replays whatever it got meanwhile). Until a session takes over, the history shows, prompts wait in line,
 * and the connection state says what is happening.
 */
import {
  type AgentMessage,
  AgentProtocolLevel,
  type ProtocolLevel,
  type VoiceClientMessage,
} from "@interject/protocol";
import { BasicChatSession, type BasicChatSessionOptions } from "./basic-chat-session.ts";
import { basicReducer } from "./basic-reducer.ts";
import type { ChatConnection, ChatSnapshot, ConnectionGrant } from "./chat-connection.ts";
import { ChatSession, type ChatSessionOptions } from "./chat-session.ts";
import { type AttachmentView, EMPTY_CHAT_STATE } from "./chat-state.ts";
import { ConnectionAttempts, DEFAULT_CONNECTION_TIMEOUT_MS, startingWith } from "./connection-attempts.ts";
import { type ConnectionEvent, INITIAL_CONNECTION_STATE, nextConnectionState } from "./connection-state.ts";
import type { History } from "./history.ts";
import { type LevelProbe, probeProtocolLevel } from "./level-probe.ts";
import { DEFAULT_RECONNECT_POLICY } from "./reconnect-policy.ts";
import { chatReducer } from "./stream-reducer.ts";

export type AgentChatOptions = Omit<ChatSessionOptions, "initialState"> &
  Pick<BasicChatSessionOptions, "reportTurn" | "turnReporter">;

export class AgentChat implements ChatConnection {
  private inner: ChatSession | BasicChatSession | null = null;
  private unsubscribeInner: (() => void) | null = null;
  private readonly messageListeners = new Set<(message: AgentMessage) => void>();
  private unsubscribeMessages: (() => void) | null = null;
  private own: ChatSnapshot = { chat: EMPTY_CHAT_STATE, connection: INITIAL_CONNECTION_STATE, level: null };
  private readonly listeners = new Set<() => void>();
  private readonly attempts: ConnectionAttempts;
  private history: History | null = null;
  /** Prompts typed before a session took over, in order, with their files. */
  private readonly queued: { text: string; attachments: readonly AttachmentView[] }[] = [];
  private probe: LevelProbe | null = null;
  private started = false;
  private stopped = false;

  constructor(private readonly options: AgentChatOptions) {
    this.attempts = new ConnectionAttempts(
      {
        getConnectionUrl: () => this.options.getConnectionUrl(),
        connection: () => this.own.connection,
        setConnection: (event) => this.setConnection(event),
        stopped: () => this.stopped,
        onTerminal: {
          before: () => this.update(chatReducer(this.own.chat, { type: "connection_ended", at: Date.now() })),
          after: () => {
            this.stopped = true;
          },
        },
      },
      { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect },
      options.random,
    );
  }

  getSnapshot = (): ChatSnapshot => this.inner?.getSnapshot() ?? this.own;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  start(): void {
    if (this.started) return;
    this.started = true;
    this.setConnection({ type: "start" });
    void this.chooseLevel();
  }

  stop(): void {
    this.stopped = true;
    this.probe?.cancel();
    this.attempts.wake();
    this.inner?.stop();
    this.setConnection({ type: "stop" });
  }

  reconnectNow(): void {
    if (this.inner) this.inner.reconnectNow();
    else this.attempts.wake();
  }

  hydrate(history: History): void {
    this.history = history;
    if (this.inner) this.inner.hydrate(history);
    else this.update(chatReducer(this.own.chat, { type: "hydrate", history }));
  }

  resync(history: History): void {
    this.history = history;
    if (this.inner) this.inner.resync(history);
    else this.hydrate(history);
  }

  sendPrompt(text: string, attachments: readonly AttachmentView[] = []): string {
    if (this.inner) return this.inner.sendPrompt(text, attachments);
    const promptId = (this.options.newId ?? (() => crypto.randomUUID()))();
    this.queued.push({ text, attachments });
    this.update(
      chatReducer(this.own.chat, {
        type: "prompt_sent",
        promptId,
        text,
        at: Date.now(),
        attachments: [...attachments],
      }),
    );
    return promptId;
  }

  interrupt(): boolean {
    if (this.inner) return this.inner.interrupt();
    if (this.queued.length === 0) return false;
    this.queued.length = 0;
    this.update(basicReducer(this.own.chat, { type: "socket_ended", reason: "user", at: Date.now() }));
    return true;
  }

  answerApproval(requestId: string, decision: "approve" | "deny"): void {
    this.inner?.answerApproval(requestId, decision);
  }

  /**
   * Voice travels on the full protocol only: sent now through the full session when its connection is open;
   * false otherwise (a basic agent, the level not known yet, or disconnected).
   */
  sendVoice(message: VoiceClientMessage): boolean {
    return this.inner instanceof ChatSession ? this.inner.sendVoice(message) : false;
  }

  /** Every message the full session's agent sends, once (see ChatSession.onAgentMessage); none at basic. */
  onAgentMessage(listener: (message: AgentMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Mints until the level is known (or the broker refuses for good), then hands over. */
  private async chooseLevel(): Promise<void> {
    while (!this.stopped) {
      let grant: ConnectionGrant;
      try {
        grant = await this.attempts.next();
      } catch {
        continue; // shown in the connection state; a terminal refusal set `stopped`
      }
      const setting = AgentProtocolLevel.safeParse(grant.protocolLevel ?? "full");
      if (!setting.success) {
        this.unknownProtocol(`the broker named the level ${JSON.stringify(grant.protocolLevel)}`);
        return;
      }
      if (setting.data !== "detect") return this.handOver(setting.data, { firstGrant: grant });
      this.probe = probeProtocolLevel(grant.url, {
        ...(this.options.WebSocket ? { WebSocket: this.options.WebSocket } : {}),
        connectionTimeoutMs: this.options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      });
      const outcome = await this.probe.outcome;
      this.probe = null;
      if (this.stopped) return;
      switch (outcome.kind) {
        case "detected":
          return this.handOver(outcome.level, {});
        case "silent":
          return this.handOver("basic", { confirm: true });
        case "unknown":
          return this.unknownProtocol(outcome.reason);
        case "failed":
          this.setConnection({
            type: "problem",
            problem: {
              kind: "runtime_refused",
              message: `The agent runtime closed the connection (code ${outcome.code}). Retrying with a new link.`,
            },
            terminal: false,
          });
          this.setConnection({ type: "socket_closed" });
      }
    }
  }

  private handOver(level: ProtocolLevel, how: { firstGrant?: ConnectionGrant; confirm?: boolean }): void {
    if (this.stopped) return;
    const { getConnectionUrl, reportTurn, turnReporter, ...shared } = this.options;
    const urls = how.firstGrant ? startingWith(how.firstGrant, getConnectionUrl) : getConnectionUrl;
    let session: ChatSession | BasicChatSession;
    if (level === "full") {
      session = new ChatSession({ ...shared, getConnectionUrl: urls });
    } else {
      const basic: BasicChatSessionOptions = { ...shared, getConnectionUrl: urls };
      if (reportTurn) basic.reportTurn = reportTurn;
      if (turnReporter) basic.turnReporter = turnReporter;
      if (how.confirm) basic.confirmLevel = { onFullAgent: () => this.switchToFull() };
      session = new BasicChatSession(basic);
    }
    if (this.history) session.hydrate(this.history);
    for (const { text, attachments } of this.queued.splice(0)) session.sendPrompt(text, attachments);
    this.inner = session;
    this.unsubscribeInner = session.subscribe(() => this.notify());
    if (session instanceof ChatSession) {
      this.unsubscribeMessages = session.onAgentMessage((message) => {
        for (const listener of this.messageListeners) listener(message);
      });
    }
    session.start();
    this.notify();
  }

  /**
   * A basic session's first reply was a full agent's hello after all (it was slow to greet). The full
   * session takes over from the stored history; whatever the agent got meanwhile, it replays on resume.
   */
  private switchToFull(): void {
    const basic = this.inner;
    if (!(basic instanceof BasicChatSession)) return;
    this.unsubscribeInner?.();
    this.unsubscribeMessages?.();
    this.unsubscribeMessages = null;
    basic.abandon();
    this.inner = null;
    this.handOver("full", {});
  }

  private unknownProtocol(reason: string): void {
    this.setConnection({
      type: "problem",
      problem: {
        kind: "unknown_protocol",
        message: `This agent does not speak a protocol Interject knows: ${reason}.`,
      },
      terminal: true,
    });
    this.stopped = true;
  }

  private update(chat: ChatSnapshot["chat"]): void {
    if (chat === this.own.chat) return;
    this.own = { ...this.own, chat };
    this.notify();
  }

  private setConnection(event: ConnectionEvent): void {
    const connection = nextConnectionState(this.own.connection, event);
    if (connection === this.own.connection) return;
    this.own = { ...this.own, connection };
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

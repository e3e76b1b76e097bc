/**
 * One conversation's state, isolated from every other: its event log, its turns and their history, the
 * running answer and its interruption, and the peers (connections) attached to it. Independent of sockets and
 * of any model: the agent loop plugs in as a runner (turn-io.ts). The parts live beside it: event-log.ts
 * (numbering, replay, reports), text-pacer.ts (chunk pacing), approvals.ts, stale-turns.ts, turn-frames.ts.
 * Voice plugs in through session-voice.ts: a spoken exchange is an ordinary turn of this session.
 */
import {
  type AttachmentRef,
  type EndedTurnStatus,
  type HistoryTurn,
  type InterruptReason,
  PROTOCOL_VERSION,
  type SessionMessage,
  type StreamMessage,
  splitFinal,
  type Trace,
  type TraceLevel,
  type VoiceStreamMessage,
} from "@interject/protocol";
import { type AttachmentLoader, AttachmentUnavailableError } from "../attachments/attachment-source.ts";
import type { ToolSessionState } from "../tools/tool.ts";
import { Approvals } from "./approvals.ts";
import { EventLog } from "./event-log.ts";
import type { ReplayResult } from "./replay-buffer.ts";
import type { SessionVoice, SpokenPart } from "./session-voice.ts";
import { StaleTurns } from "./stale-turns.ts";
import { TextPacer } from "./text-pacer.ts";
import { partFields, promptEcho } from "./turn-frames.ts";
import type {
  ActiveModelCall,
  ActiveToolCall,
  TurnFailure,
  TurnIO,
  TurnRunner,
  Unsequenced,
  UnsequencedStreamMessage,
} from "./turn-io.ts";

type Result = { ok: true } | { ok: false; message: string };

/** What the session needs of an attached connection (connection.ts implements it). */
export interface SessionPeer {
  /** A stream message as it is numbered (the peer decides whether and how to send it). */
  deliver(message: StreamMessage): void;
  close(code: number, reason: string): void;
}

export interface SessionDeps {
  runner: TurnRunner;
  /** Maps a runner's exception to what the user is told. */
  describeFailure: (error: unknown) => TurnFailure;
  replayBufferEvents: number;
  approvalTimeoutMs: number;
  /** Chunk pacing (see text-pacer.ts); 0 sends every piece of text as it comes. */
  chunkIntervalMs?: number;
  /** Reads attached files from the broker; without it, a prompt with files ends in an attachment error. */
  loadAttachment?: AttachmentLoader;
  /** Every stream message as it is numbered (the broker reporter). */
  report?: (sessionId: string, message: StreamMessage) => void;
  /** Told when a turn starts and ends (the /ping busy status). */
  onTurnStart?: () => void;
  onTurnEnd?: () => void;
  /** Makes the session's voice conversation when a client first sends voice (voice/voice-conversation.ts). */
  voice?: (session: Session) => SessionVoice;
  now?: () => number;
  newId?: () => string;
}

interface ActiveTurn {
  turnId: string;
  prompt: string;
  attachments: AttachmentRef[];
  controller: AbortController;
  sent: string[];
  approvals: Approvals;
  pacer: TextPacer;
  modelCall: ActiveModelCall | null;
  toolCalls: Map<string, ActiveToolCall>;
  done: Promise<void>;
}

/** Turns kept for the model's context; older ones stay with the broker. */
const MAX_HISTORY_TURNS = 100;

export class Session {
  readonly connections = new Set<SessionPeer>();
  readonly history: HistoryTurn[];
  readonly toolState: ToolSessionState = new Map();
  lastActivity: number;
  /** True when this session was rebuilt from the broker's history after a restart. */
  readonly resumedFromBroker: boolean;
  private readonly log: EventLog;
  private readonly stale: StaleTurns;
  private active: ActiveTurn | null = null;
  private readonly now: () => number;
  private readonly newId: () => string;
  private ended = false;
  /** Connections ever opened, so a reconnect is `resumed` even before the first event. */
  private connectionsOpened = 0;
  private voiceConversation: SessionVoice | null = null;

  constructor(
    readonly id: string,
    private readonly deps: SessionDeps,
    restored?: { lastSeq: number; turns: HistoryTurn[] },
  ) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    this.log = new EventLog(id, deps.replayBufferEvents, restored?.lastSeq ?? 0, deps.report);
    this.log.subscribe((message) => {
      for (const connection of this.connections) connection.deliver(message);
    });
    this.stale = new StaleTurns(restored?.turns ?? []);
    this.history = this.stale.history;
    this.resumedFromBroker = restored !== undefined;
    this.lastActivity = this.now();
  }

  get lastSeq(): number {
    return this.log.lastSeq;
  }

  get activeTurnId(): string | null {
    return this.active?.turnId ?? null;
  }

  /** Whether the session may be dropped: no answer is running. */
  get isIdle(): boolean {
    return this.active === null;
  }

  /** A finished turn's promise, for tests and shutdown. */
  get activeTurnDone(): Promise<void> {
    return this.active?.done ?? Promise.resolve();
  }

  /** Ends the turns a previous agent process left streaming (see stale-turns.ts). Called once after a restore. */
  endStaleTurns(): void {
    this.stale.endAll((message) => this.emit(message));
  }

  /** Calls `listener` with every stream message from now on; returns the function that stops it. */
  onEvent(listener: (message: StreamMessage) => void): () => void {
    return this.log.subscribe(listener);
  }

  touch(): void {
    this.lastActivity = this.now();
  }

  hello(
    traceLevel: TraceLevel,
    resumed = this.connectionsOpened > 1 || this.lastSeq > 0 || this.resumedFromBroker,
  ): SessionMessage {
    return {
      type: "session",
      seq: this.lastSeq,
      sessionId: this.id,
      protocolVersion: PROTOCOL_VERSION,
      resumed,
      lastSeq: this.lastSeq,
      traceLevel,
      activeTurnId: this.activeTurnId,
    };
  }

  addConnection(connection: SessionPeer): void {
    this.connections.add(connection);
    this.connectionsOpened++;
    this.touch();
  }

  removeConnection(connection: SessionPeer): void {
    this.connections.delete(connection);
    this.touch();
  }

  replay(afterSeq: number): ReplayResult {
    return this.log.replay(afterSeq);
  }

  /**
   * A client saw events this process never numbered (it restarted, and the broker had not stored the last
   * ones yet): continue after the client's seq, so new events never reuse a seq the client has applied.
   */
  advanceTo(seq: number): void {
    if (this.log.advanceTo(seq)) this.stale.announceAgain((message) => this.emit(message));
  }

  /**
   * The session's voice conversation (made on first use), or null when the agent has no voice wiring. A
   * spoken exchange is an ordinary turn of this session; the conversation adds the `bidi_*` messages.
   */
  get voice(): SessionVoice | null {
    if (!this.voiceConversation && this.deps.voice && !this.ended)
      this.voiceConversation = this.deps.voice(this);
    return this.voiceConversation;
  }

  /** The voice conversation if a client has started one (never makes one). */
  get voiceIfStarted(): SessionVoice | null {
    return this.voiceConversation;
  }

  /** A voice message of the event log (`bidi_response_start`, `bidi_audio_stream`...): numbered like any. */
  emitVoice(message: Unsequenced<VoiceStreamMessage>): StreamMessage {
    return this.emit(message);
  }

  private emit(message: UnsequencedStreamMessage): StreamMessage {
    this.lastActivity = this.now();
    return this.log.append(message);
  }

  /**
   * Starts a turn for a prompt, interrupting the running one first. Returns the new turn's id. `runner`
   * replaces the agent's runner for this turn (a spoken answer wraps it, see voice-conversation.ts);
   * `attachments` are the files the prompt carries.
   */
  prompt(
    promptId: string,
    text: string,
    options: { runner?: TurnRunner; attachments?: readonly AttachmentRef[] } = {},
  ): string {
    const attachments = options.attachments ?? [];
    if (this.active) this.interrupt(this.active, "new_prompt");
    const turnId = this.newId();
    const files = attachments.length > 0 ? { attachments: attachments.map((a) => ({ id: a.id })) } : {};
    this.emit({
      type: "turn",
      turnId,
      promptId,
      prompt: promptEcho(turnId, promptId, text, files),
      at: this.now(),
      ...files,
    });
    const live = () => this.active === turn && !turn.controller.signal.aborted;
    const turn: ActiveTurn = {
      turnId,
      prompt: text,
      attachments: files.attachments ?? [],
      controller: new AbortController(),
      sent: [],
      approvals: new Approvals({
        turnId,
        timeoutMs: this.deps.approvalTimeoutMs,
        now: this.now,
        newId: this.newId,
        emit: (message) => this.emit(message),
        live: () => this.active === turn,
      }),
      pacer: new TextPacer(
        turnId,
        this.deps.chunkIntervalMs ?? 0,
        this.now,
        (data) => {
          turn.sent.push(data);
          this.emit({ type: "chunk", turnId, data });
        },
        () => live(),
      ),
      modelCall: null,
      toolCalls: new Map(),
      done: Promise.resolve(),
    };
    this.active = turn;
    this.deps.onTurnStart?.();
    turn.done = this.run(turn, this.history.slice(-MAX_HISTORY_TURNS), options.runner ?? this.deps.runner);
    return turnId;
  }

  private async run(turn: ActiveTurn, history: HistoryTurn[], runner: TurnRunner): Promise<void> {
    const live = () => this.active === turn;
    const io: TurnIO = {
      turnId: turn.turnId,
      signal: turn.controller.signal,
      history,
      toolState: this.toolState,
      attachments: turn.attachments,
      readAttachment: (id) => {
        const load = this.deps.loadAttachment;
        if (!load)
          return Promise.reject(
            new AttachmentUnavailableError(
              "This agent cannot read attached files: it has no broker to fetch them from.",
            ),
          );
        return load(this.id, id);
      },
      text: (text) => turn.pacer.push(text),
      trace: (trace) => {
        // Everything the turn says stays in order: waiting text goes out before the trace.
        turn.pacer.flush();
        if (live()) this.emit({ type: "trace", turnId: turn.turnId, trace });
      },
      approve: (tool, summary, input) => {
        turn.pacer.flush();
        if (!live() || turn.controller.signal.aborted) {
          return Promise.reject(new DOMException("turn ended", "AbortError"));
        }
        return turn.approvals.request(tool, summary, input);
      },
      modelCall: (call) => {
        turn.modelCall = call;
      },
      toolCall: (call, running) => {
        if (running) turn.toolCalls.set(call.callId, call);
        else turn.toolCalls.delete(call.callId);
      },
    };
    try {
      await runner(turn.prompt, io);
      turn.pacer.flush();
      if (live()) this.finish(turn);
    } catch (error) {
      // What the model wrote before it failed is part of the answer the user sees.
      turn.pacer.flush();
      if (live()) this.fail(turn, this.deps.describeFailure(error));
    }
  }

  private finish(turn: ActiveTurn): void {
    const response = turn.sent.join("");
    this.endTurn(turn, "complete", response);
    // A long answer's final message goes out in parts, so no frame exceeds the limit (see splitFinal).
    const envelope = { type: "complete", turnId: turn.turnId };
    for (const piece of splitFinal(response, envelope, "fullResponse")) {
      this.emit({ type: "complete", turnId: turn.turnId, fullResponse: piece.text, ...partFields(piece) });
    }
  }

  private fail(turn: ActiveTurn, failure: TurnFailure): void {
    this.endTurn(turn, "error", turn.sent.join(""));
    this.emit({
      type: "error",
      turnId: turn.turnId,
      error: failure.message,
      code: failure.code,
      retryable: failure.retryable,
    });
  }

  private endTurn(turn: ActiveTurn, status: EndedTurnStatus, response: string): void {
    this.active = null;
    turn.pacer.drop();
    turn.approvals.clearTimers();
    this.history.push({
      turnId: turn.turnId,
      prompt: turn.prompt,
      response,
      status,
      ...(turn.attachments.length > 0 ? { attachments: turn.attachments } : {}),
    });
    if (this.history.length > MAX_HISTORY_TURNS * 2)
      this.history.splice(0, this.history.length - MAX_HISTORY_TURNS);
    this.deps.onTurnEnd?.();
  }

  /** The user's `interrupt` message. */
  interruptByUser(turnId?: string): Result {
    const turn = this.active;
    if (!turn || (turnId !== undefined && turnId !== turn.turnId)) {
      return { ok: false, message: turnId ? `Turn ${turnId} is not running.` : "No answer is running." };
    }
    this.interrupt(turn, turn.approvals.size > 0 ? "approval_cancelled" : "user");
    return { ok: true };
  }

  /**
   * Ends the running turn now as interrupted (see `interrupt`). A spoken answer passes what the user heard
   * of it (`heard`, a prefix of the text sent, from the client's playback mark) and how long it played: the
   * answer, the history and the interruption trace keep that instead of everything sent. False when no turn
   * runs.
   */
  interruptActive(reason: InterruptReason, spoken?: SpokenPart): boolean {
    if (!this.active) return false;
    this.interrupt(this.active, reason, spoken);
    return true;
  }

  /**
   * Stops a turn now: no chunk is emitted after this, the provider's AbortSignal fires, and the user gets
   * exactly what was sent so far as `partialResponse` (a spoken answer: what was heard).
   */
  private interrupt(turn: ActiveTurn, reason: InterruptReason, spoken?: SpokenPart): void {
    const partialResponse = spoken ? spoken.heard : turn.sent.join("");
    const call = turn.modelCall;
    const toolCalls = [...turn.toolCalls.values()];
    this.endTurn(turn, "interrupted", partialResponse);
    turn.controller.abort(new DOMException(`interrupted (${reason})`, "AbortError"));
    const at = this.now();
    const emitTrace = (trace: Trace) => this.emit({ type: "trace", turnId: turn.turnId, trace });
    turn.approvals.cancelAll(at, emitTrace);
    // The abort above reached each running tool (an MCP call sends notifications/cancelled at once).
    for (const tool of toolCalls) {
      emitTrace({
        kind: "tool_result",
        at,
        callId: tool.callId,
        name: tool.name,
        output: "Cancelled: the answer was interrupted while the tool ran.",
        isError: true,
        durationMs: Math.min(86_400_000, Math.max(0, at - tool.startedAt)),
        outcome: "cancelled",
      });
    }
    if (call) {
      emitTrace({
        kind: "model_call",
        at,
        provider: call.provider,
        model: call.model,
        timeToFirstTokenMs: call.firstTokenAt === null ? null : call.firstTokenAt - call.startedAt,
        latencyMs: Math.max(0, at - call.startedAt),
        inputTokens: call.inputTokens,
        outputTokens: call.outputTokens,
        stopReason: "cancelled",
      });
    }
    emitTrace({
      kind: "interruption",
      at,
      reason,
      partialChars: partialResponse.length,
      ...(spoken
        ? { heard: spoken.heard.slice(0, 4000), playedMs: Math.min(86_400_000, spoken.playedMs) }
        : {}),
    });
    const envelope = { type: "interrupted", turnId: turn.turnId, reason };
    for (const piece of splitFinal(partialResponse, envelope, "partialResponse")) {
      this.emit({
        type: "interrupted",
        turnId: turn.turnId,
        partialResponse: piece.text,
        reason,
        ...partFields(piece),
      });
    }
  }

  /** The user's `approval` message. */
  answerApproval(requestId: string, decision: "approve" | "deny"): Result {
    if (this.active?.approvals.answer(requestId, decision)) return { ok: true };
    return { ok: false, message: `No approval request ${requestId} is waiting.` };
  }

  /**
   * The runtime session was stopped (the user's access was revoked): the running answer ends as
   * `interrupted` with reason `revoked` and its `interruption` trace, delivered and reported like any
   * interruption, then every connection is closed.
   */
  revoke(code: number, reason: string): void {
    if (this.ended) return;
    if (this.active) this.interrupt(this.active, "revoked");
    this.end(code, reason);
  }

  /** Drops the session: stops its answer (if any) and closes its connections. */
  end(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.voiceConversation?.close();
    if (this.active) {
      const turn = this.active;
      this.endTurn(turn, "interrupted", turn.sent.join(""));
      turn.controller.abort(new DOMException("session ended", "AbortError"));
    }
    for (const connection of [...this.connections]) connection.close(code, reason);
  }
}

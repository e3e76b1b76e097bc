/**
 * One conversation's state, isolated from every other: its event log (seq, replay buffer, reports to the
 * broker), its turns and their history, the running answer and its interruption, pending approvals, and the
 * connections attached to it. Independent of sockets and of any model: the agent loop plugs in as a runner.
 */
import {
  type FinalPiece,
  type HistoryTurn,
  type InterruptReason,
  jsonByteLength,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  type SessionMessage,
  type StreamMessage,
  splitFinal,
  splitForFrames,
  splitText,
  type Trace,
  type TraceLevel,
  type VoiceStreamMessage,
} from "@interject/protocol";
import type { ToolSessionState } from "../tools/tool.ts";
import type { VoiceConversation } from "../voice/voice-conversation.ts";
import type { Connection } from "./connection.ts";
import { fitFrame } from "./fit-frame.ts";
import { ReplayBuffer, type ReplayResult } from "./replay-buffer.ts";

/** A stream message before the session numbers it. */
export type Unsequenced<T> = T extends unknown ? Omit<T, "seq"> : never;
export type ApprovalDecision = "approved" | "denied" | "expired";
type Result = { ok: true } | { ok: false; message: string };

/** What a running turn may do; everything is ignored once the turn has ended (e.g. was interrupted). */
export interface TurnIO {
  readonly turnId: string;
  readonly signal: AbortSignal;
  /** The earlier turns, for the model's context. */
  readonly history: readonly HistoryTurn[];
  readonly toolState: ToolSessionState;
  text(text: string): void;
  trace(trace: Trace): void;
  /** Asks the user; resolves with the decision, rejects with an AbortError if the turn is interrupted. */
  approve(tool: string, summary: string, input: unknown): Promise<ApprovalDecision>;
  /** The model call in progress, so an interruption can trace it as cancelled. */
  modelCall(call: ActiveModelCall | null): void;
}

/** What the user heard of a spoken answer that was cut off (voice-conversation.ts). */
export interface SpokenPart {
  heard: string;
  playedMs: number;
}

export interface ActiveModelCall {
  provider: string;
  model: string;
  startedAt: number;
  firstTokenAt: number | null;
  inputTokens: number;
  outputTokens: number;
}

/** Runs one turn: streams text and traces through `io`; resolves when done; throws to end it with an error. */
export type TurnRunner = (prompt: string, io: TurnIO) => Promise<void>;

export interface TurnFailure {
  code: "model_error" | "tool_error" | "internal";
  message: string;
  retryable: boolean;
}

export interface SessionDeps {
  runner: TurnRunner;
  /** Maps a runner's exception to what the user is told. */
  describeFailure: (error: unknown) => TurnFailure;
  replayBufferEvents: number;
  approvalTimeoutMs: number;
  /**
   * A turn's text goes out at most once per this many milliseconds: the first words at once, then what the
   * model wrote in between as one chunk. Bounds frames per answer whatever the model's pace (each frame
   * costs a write at every hop); 0 sends every piece of text as it comes.
   */
  chunkIntervalMs?: number;
  /** Every stream message as it is numbered (the broker reporter). */
  report?: (sessionId: string, message: StreamMessage) => void;
  /** Told when a turn starts and ends (the /ping busy status). */
  onTurnStart?: () => void;
  onTurnEnd?: () => void;
  /** Makes the session's voice conversation when a client first sends voice (voice/voice-conversation.ts). */
  voice?: (session: Session) => VoiceConversation;
  now?: () => number;
  newId?: () => string;
}

interface PendingApproval {
  requestId: string;
  tool: string;
  resolve: (decision: ApprovalDecision) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface ActiveTurn {
  turnId: string;
  prompt: string;
  controller: AbortController;
  sent: string[];
  approvals: Map<string, PendingApproval>;
  modelCall: ActiveModelCall | null;
  done: Promise<void>;
  /** Forgets text that waits for its chunk (the turn was interrupted or the session ended). */
  dropPendingText: () => void;
}

/** The furthest `advanceTo` moves numbering in one step. */
const MAX_SEQ_JUMP = 1_000_000;

/** Turns kept for the model's context; older ones stay with the broker. */
const MAX_HISTORY_TURNS = 100;

export class Session {
  readonly connections = new Set<Connection>();
  readonly history: HistoryTurn[];
  readonly toolState: ToolSessionState = new Map();
  lastActivity: number;
  private readonly buffer: ReplayBuffer;
  private active: ActiveTurn | null = null;
  private readonly now: () => number;
  private readonly newId: () => string;
  private ended = false;
  private readonly listeners = new Set<(message: StreamMessage) => void>();
  private readonly staleTurnIds: string[] = [];
  /** Stale turns already ended, to tell a client again after numbering jumps past what it has seen. */
  private readonly endedStaleTurnIds: string[] = [];
  private voiceConversation: VoiceConversation | null = null;

  constructor(
    readonly id: string,
    private readonly deps: SessionDeps,
    restored?: { lastSeq: number; turns: HistoryTurn[] },
  ) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    this.buffer = new ReplayBuffer(deps.replayBufferEvents, restored?.lastSeq ?? 0);
    this.history = (restored?.turns ?? []).map((turn) => {
      // A turn the old process never finished cannot finish now: keep what was sent and end it (see below).
      if (turn.status !== "streaming") return turn;
      this.staleTurnIds.push(turn.turnId);
      return { ...turn, status: "error" };
    });
    this.resumedFromBroker = restored !== undefined;
    this.lastActivity = this.now();
  }

  /** True when this session was rebuilt from the broker's history after a restart. */
  readonly resumedFromBroker: boolean;

  get lastSeq(): number {
    return this.buffer.latestSeq;
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

  /**
   * Ends, with an `error`, the turns a previous agent process left streaming (it restarted mid-answer), so
   * the broker and every client see them finish. Called once after a restore.
   */
  endStaleTurns(): void {
    for (const turnId of this.staleTurnIds.splice(0)) {
      this.endedStaleTurnIds.push(turnId);
      this.emitStaleTurnError(turnId);
    }
  }

  private emitStaleTurnError(turnId: string): void {
    this.emit({
      type: "error",
      turnId,
      error: "The agent restarted while answering, so this answer was cut short. Ask again to continue.",
      code: "internal",
      retryable: true,
    });
  }

  /** Calls `listener` with every stream message from now on; returns the function that stops it. */
  onEvent(listener: (message: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  touch(): void {
    this.lastActivity = this.now();
  }

  /** Connections ever opened, so a reconnect is `resumed` even before the first event. */
  private connectionsOpened = 0;

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

  addConnection(connection: Connection): void {
    this.connections.add(connection);
    this.connectionsOpened++;
    this.touch();
  }

  removeConnection(connection: Connection): void {
    this.connections.delete(connection);
    this.touch();
  }

  replay(afterSeq: number): ReplayResult {
    return this.buffer.after(afterSeq);
  }

  /**
   * A client saw events this process never numbered (it restarted, and the broker had not stored the last
   * ones yet): continue after the client's seq, so new events never reuse a seq the client has applied.
   * Bounded, so a confused client cannot push numbering towards the largest safe integer.
   */
  advanceTo(seq: number): void {
    if (seq <= this.lastSeq || seq - this.lastSeq > MAX_SEQ_JUMP) return;
    this.buffer.advanceTo(seq);
    // The client saw more of the old process's stream than the broker had stored, so it never received
    // the errors that ended the cut-off turns (their seqs were at or below its own): send them again,
    // numbered after the jump, or its answer would look as if it were still streaming.
    for (const turnId of this.endedStaleTurnIds.splice(0)) this.emitStaleTurnError(turnId);
  }

  /**
   * The session's voice conversation (made on first use), or null when the agent has no voice wiring. A
   * spoken exchange is an ordinary turn of this session; the conversation adds the `bidi_*` messages.
   */
  get voice(): VoiceConversation | null {
    if (!this.voiceConversation && this.deps.voice && !this.ended)
      this.voiceConversation = this.deps.voice(this);
    return this.voiceConversation;
  }

  /** The voice conversation if a client has started one (never makes one). */
  get voiceIfStarted(): VoiceConversation | null {
    return this.voiceConversation;
  }

  /** A voice message of the event log (`bidi_response_start`, `bidi_audio_stream`...): numbered like any. */
  emitVoice(message: Unsequenced<VoiceStreamMessage>): StreamMessage {
    return this.emit(message);
  }

  /** Numbers a stream message, keeps it for replay, reports it and delivers it to attached connections. */
  private emit(message: Unsequenced<StreamMessage>): StreamMessage {
    const numbered = { ...message, seq: this.lastSeq + 1 } as StreamMessage;
    // Chunks were split to fit already (see `text` in run); measuring each again would cost every word.
    const sequenced = numbered.type === "chunk" ? numbered : fitFrame(numbered);
    this.buffer.push(sequenced);
    this.lastActivity = this.now();
    this.deps.report?.(this.id, sequenced);
    for (const connection of this.connections) connection.deliver(sequenced);
    for (const listener of this.listeners) listener(sequenced);
    return sequenced;
  }

  /**
   * Starts a turn for a prompt, interrupting the running one first. Returns the new turn's id. `runner`
   * replaces the agent's runner for this turn (a spoken answer wraps it, see voice-conversation.ts).
   */
  prompt(promptId: string, text: string, options: { runner?: TurnRunner } = {}): string {
    if (this.active) this.interrupt(this.active, "new_prompt");
    const turnId = this.newId();
    const controller = new AbortController();
    this.emit({ type: "turn", turnId, promptId, prompt: promptEcho(turnId, promptId, text), at: this.now() });
    const turn: ActiveTurn = {
      turnId,
      prompt: text,
      controller,
      sent: [],
      approvals: new Map(),
      modelCall: null,
      done: Promise.resolve(),
      dropPendingText: () => {},
    };
    this.active = turn;
    this.deps.onTurnStart?.();
    const history = this.history.slice(-MAX_HISTORY_TURNS);
    turn.done = this.run(turn, history, options.runner ?? this.deps.runner);
    return turnId;
  }

  private async run(turn: ActiveTurn, history: HistoryTurn[], runner: TurnRunner): Promise<void> {
    const live = () => this.active === turn;
    // Room for text in one chunk frame of this turn, measured once: a streamed word (at most 6 bytes a
    // UTF-16 unit, escaped) that fits is sent as it is, longer text is split.
    const chunkEnvelope = { type: "chunk", turnId: turn.turnId };
    const chunkRoom =
      MAX_FRAME_BYTES - jsonByteLength({ ...chunkEnvelope, seq: Number.MAX_SAFE_INTEGER, data: "" });
    const sendText = (text: string) => {
      const pieces =
        text.length * 6 <= chunkRoom ? [text] : splitForFrames(text, chunkEnvelope, MAX_FRAME_BYTES);
      for (const data of pieces) {
        turn.sent.push(data);
        this.emit({ type: "chunk", turnId: turn.turnId, data });
      }
    };
    // Text waiting for the next chunk. It is not `sent` until it goes out, so an interruption drops it and
    // `partialResponse` stays exactly what the client was sent.
    const interval = this.deps.chunkIntervalMs ?? 0;
    let pending = "";
    let lastSentAt = Number.NEGATIVE_INFINITY;
    let timer: NodeJS.Timeout | null = null;
    const dropPending = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = "";
    };
    const flush = () => {
      const text = pending;
      dropPending();
      if (text === "" || !live() || turn.controller.signal.aborted) return;
      lastSentAt = this.now();
      sendText(text);
    };
    turn.dropPendingText = dropPending;
    const io: TurnIO = {
      turnId: turn.turnId,
      signal: turn.controller.signal,
      history,
      toolState: this.toolState,
      text: (text) => {
        if (!live() || text === "" || turn.controller.signal.aborted) return;
        if (interval === 0) {
          sendText(text);
          return;
        }
        pending += text;
        if (timer) return;
        const wait = lastSentAt + interval - this.now();
        if (wait <= 0) flush();
        else timer = setTimeout(flush, wait);
      },
      trace: (trace) => {
        // Everything the turn says stays in order: waiting text goes out before the trace.
        flush();
        if (live()) this.emit({ type: "trace", turnId: turn.turnId, trace });
      },
      approve: (tool, summary, input) => {
        flush();
        return this.requestApproval(turn, tool, summary, input);
      },
      modelCall: (call) => {
        turn.modelCall = call;
      },
    };
    try {
      await runner(turn.prompt, io);
      flush();
      if (live()) this.finish(turn, "complete");
    } catch (error) {
      // What the model wrote before it failed is part of the answer the user sees.
      flush();
      if (live()) {
        const failure = this.deps.describeFailure(error);
        this.finish(turn, "error", failure);
      }
    }
  }

  private finish(turn: ActiveTurn, status: "complete" | "error", failure?: TurnFailure): void {
    const response = turn.sent.join("");
    this.endTurn(turn, status, response);
    if (status === "complete") {
      // A long answer's final message goes out in parts, so no frame exceeds the limit (see splitFinal).
      const envelope = { type: "complete", turnId: turn.turnId };
      for (const piece of splitFinal(response, envelope, "fullResponse")) {
        this.emit({ type: "complete", turnId: turn.turnId, fullResponse: piece.text, ...partFields(piece) });
      }
    } else if (failure) {
      this.emit({
        type: "error",
        turnId: turn.turnId,
        error: failure.message,
        code: failure.code,
        retryable: failure.retryable,
      });
    }
  }

  private endTurn(turn: ActiveTurn, status: HistoryTurn["status"], response: string): void {
    this.active = null;
    turn.dropPendingText();
    for (const approval of turn.approvals.values()) clearTimeout(approval.timer);
    this.history.push({ turnId: turn.turnId, prompt: turn.prompt, response, status });
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
    const approvals = [...turn.approvals.values()];
    const call = turn.modelCall;
    this.endTurn(turn, "interrupted", partialResponse);
    turn.controller.abort(new DOMException(`interrupted (${reason})`, "AbortError"));
    const at = this.now();
    const emitTrace = (trace: Trace) => this.emit({ type: "trace", turnId: turn.turnId, trace });
    for (const approval of approvals) {
      emitTrace({
        kind: "approval",
        at,
        requestId: approval.requestId,
        tool: approval.tool,
        decision: "cancelled",
      });
      approval.reject(new DOMException("approval cancelled", "AbortError"));
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

  private requestApproval(
    turn: ActiveTurn,
    tool: string,
    summary: string,
    input: unknown,
  ): Promise<ApprovalDecision> {
    if (this.active !== turn || turn.controller.signal.aborted) {
      return Promise.reject(new DOMException("turn ended", "AbortError"));
    }
    const requestId = this.newId();
    const deadline = this.now() + this.deps.approvalTimeoutMs;
    return new Promise<ApprovalDecision>((resolve, reject) => {
      const settle = (decision: ApprovalDecision) => {
        const pending = turn.approvals.get(requestId);
        if (!pending) return;
        clearTimeout(pending.timer);
        turn.approvals.delete(requestId);
        if (this.active === turn) {
          this.emit({
            type: "trace",
            turnId: turn.turnId,
            trace: { kind: "approval", at: this.now(), requestId, tool, decision },
          });
        }
        resolve(decision);
      };
      const timer = setTimeout(() => settle("expired"), this.deps.approvalTimeoutMs);
      timer.unref();
      turn.approvals.set(requestId, { requestId, tool, resolve: settle, reject, timer });
      this.emit({
        type: "approval_request",
        turnId: turn.turnId,
        requestId,
        tool,
        summary: summary.slice(0, 500),
        input: toJson(input),
        deadline,
      });
      this.emit({
        type: "trace",
        turnId: turn.turnId,
        trace: { kind: "approval", at: this.now(), requestId, tool, decision: "requested" },
      });
    });
  }

  /** The user's `approval` message. */
  answerApproval(requestId: string, decision: "approve" | "deny"): Result {
    const pending = this.active?.approvals.get(requestId);
    if (!pending) return { ok: false, message: `No approval request ${requestId} is waiting.` };
    pending.resolve(decision === "approve" ? "approved" : "denied");
    return { ok: true };
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

/** The part numbers of a final message's piece, when it has them. */
function partFields(piece: FinalPiece): { part?: number; parts?: number } {
  return piece.part === undefined ? {} : { part: piece.part, parts: piece.parts };
}

/**
 * The prompt as echoed in the `turn` message. A prompt may be MAX_PROMPT_CHARS long, more than one 8 KB frame
 * holds; the echo is then cut (with "…") so the frame fits. The model always gets the whole prompt.
 */
function promptEcho(turnId: string, promptId: string, text: string): string {
  const envelope = {
    type: "turn",
    seq: Number.MAX_SAFE_INTEGER,
    turnId,
    promptId,
    prompt: "",
    at: 8_640_000_000_000_000,
  };
  const room = MAX_FRAME_BYTES - jsonByteLength(envelope);
  if (jsonByteLength(text) - 2 <= room) return text;
  return `${splitText(text, room - 3)[0] ?? ""}…`;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A plain JSON copy of a tool input (drops undefined, functions and the like). */
export function toJson(value: unknown): Json {
  const text = JSON.stringify(value ?? {});
  return text === undefined ? {} : (JSON.parse(text) as Json);
}

/**
 * One client connection to a session (a WebSocket, or the SSE stream of an /invocations request). It sends
 * the `session` hello at once, parses every inbound frame (bad frames get a typed `error` and the
 * connection stays usable), rate-limits them, attaches to the live stream on the first inbound message
 * (after replaying for `resume`), and withholds traces the connection's signed trace level does not allow.
 * Voice messages go to the session's voice conversation (voice/voice-conversation.ts).
 */
import {
  type AgentMessage,
  type ClientMessage,
  type ErrorCode,
  parseClientMessage,
  type StreamMessage,
  type TraceLevel,
  traceVisibleAt,
} from "@interject/protocol";
import { Outbox } from "./outbox.ts";
import { RateLimiter } from "./rate-limiter.ts";
import type { Session, SessionPeer } from "./session.ts";
import { type AgentSocket, CloseCode } from "./socket.ts";

export interface ConnectionOptions {
  traceLevel: TraceLevel;
  ratePerSecond: number;
  rateBurst: number;
  softLimitBytes: number;
  hardCapBytes: number;
  /** Outbound frames a second at most (under AgentCore's 250). */
  framesPerSecond?: number;
  now?: () => number;
}

export class Connection implements SessionPeer {
  /** Whether live stream messages flow to this connection (after its first inbound message). */
  attached = false;
  private closed = false;
  readonly outbox: Outbox;
  private readonly limiter: RateLimiter;
  private lastRateError = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;

  constructor(
    private readonly socket: AgentSocket,
    readonly session: Session,
    readonly options: ConnectionOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.limiter = new RateLimiter(options.ratePerSecond, options.rateBurst, this.now);
    this.outbox = new Outbox(socket, {
      softLimitBytes: options.softLimitBytes,
      hardCapBytes: options.hardCapBytes,
      ...(options.framesPerSecond === undefined ? {} : { framesPerSecond: options.framesPerSecond }),
      now: this.now,
      onOverflow: () =>
        this.close(CloseCode.slowReader, `slow reader: more than ${options.hardCapBytes} bytes waiting`),
    });
  }

  get traceLevel(): TraceLevel {
    return this.options.traceLevel;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Joins the session and sends the hello. Live messages wait for the first inbound message. */
  open(): void {
    this.session.addConnection(this);
    this.sendMessage(this.session.hello(this.traceLevel));
  }

  /** Attaches at once (SSE: the request itself was the first message). */
  attach(): void {
    this.attached = true;
  }

  /** Handles one inbound frame: text as a string, a binary frame as bytes (refused: `binary_frame`). */
  receive(frame: string | Uint8Array): void {
    if (this.closed) return;
    if (!this.limiter.take()) {
      const now = this.now();
      if (now - this.lastRateError >= 1000) {
        this.lastRateError = now;
        this.sendError(
          "rate_limited",
          `Too many messages: at most ${this.options.ratePerSecond} per second. This one was dropped; wait and send it again.`,
          true,
        );
      }
      return;
    }
    this.session.touch();
    const parsed = parseClientMessage(frame);
    if (!parsed.ok) {
      this.sendError(parsed.error.code, parsed.error.message, false);
      return;
    }
    this.handle(parsed.value);
  }

  private handle(message: ClientMessage): void {
    switch (message.type) {
      case "resume": {
        const replay = this.session.replay(message.afterSeq);
        this.attached = true;
        if (!replay.ok) {
          const latest = this.session.lastSeq;
          if (replay.reason === "ahead") {
            this.session.advanceTo(message.afterSeq);
            this.sendError(
              "resume_ahead",
              `afterSeq ${message.afterSeq} is ahead of this session (latest ${latest}, probably after an agent restart); reload the history. New events are numbered after ${this.session.lastSeq}.`,
              false,
            );
          } else {
            this.sendError(
              "resume_too_old",
              `The events after seq ${message.afterSeq} are no longer buffered; reload the history and continue from seq ${latest}.`,
              false,
            );
          }
          return;
        }
        for (const event of replay.events) this.deliver(event);
        return;
      }
      case "ping":
        this.attached = true;
        this.sendMessage({
          type: "pong",
          seq: this.session.lastSeq,
          at: this.now(),
          ...(message.nonce === undefined ? {} : { nonce: message.nonce }),
        });
        return;
      case "prompt":
        this.attached = true;
        // A spoken answer being played ends first, keeping what the user heard of it.
        this.session.voiceIfStarted?.yieldTurn("new_prompt");
        this.session.prompt(message.id, message.text, { attachments: message.attachments });
        return;
      case "interrupt": {
        this.attached = true;
        // A spoken answer stops once the client's playback mark says what was heard.
        if (this.session.voiceIfStarted?.stopAnswer("user", message.turnId)) return;
        const result = this.session.interruptByUser(message.turnId);
        if (!result.ok) this.sendError("no_active_turn", result.message, false);
        return;
      }
      case "approval": {
        this.attached = true;
        const result = this.session.answerApproval(message.requestId, message.decision);
        if (!result.ok) this.sendError("unknown_approval", result.message, false);
        return;
      }
      case "voice_start":
      case "voice_end":
      case "bidi_audio_input":
      case "bidi_text_input":
      case "utterance_end":
      case "playback_mark": {
        this.attached = true;
        const voice = this.session.voice;
        if (voice) voice.handle(this, message);
        else
          this.sendMessage({
            type: "bidi_error",
            seq: this.session.lastSeq,
            message: "This agent has no voice.",
            code: "VoiceUnavailableError",
            details: null,
          });
        return;
      }
    }
  }

  /** A live or replayed stream message; dropped before attachment and when the trace level withholds it. */
  deliver(message: StreamMessage): void {
    if (!this.attached || this.closed) return;
    if (message.type === "trace" && !traceVisibleAt(message.trace.kind, this.traceLevel)) return;
    if (message.type === "chunk") this.outbox.sendChunk(message);
    else this.outbox.sendText(JSON.stringify(message));
  }

  sendMessage(message: AgentMessage): void {
    if (!this.closed) this.outbox.sendText(JSON.stringify(message));
  }

  private sendError(code: ErrorCode, error: string, retryable: boolean): void {
    this.sendMessage({ type: "error", seq: this.session.lastSeq, error, code, retryable });
  }

  /** Closes the socket and leaves the session (the session and its running answer carry on). */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.detach();
    this.socket.close(code, reason);
  }

  /** The socket went away on its own. */
  detach(): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox.close();
    this.session.removeConnection(this);
    this.session.voiceIfStarted?.detached(this);
  }
}

/**
 * A session's voice: the client's microphone in (`bidi_audio_input`), the engine's speech out
 * (`bidi_audio_stream`), and every spoken exchange as an ordinary turn of the session, so history, the broker
 * and text clients see it like a typed one. One connection owns the microphone (the one that sent
 * `voice_start`); what the agent says goes into the session's event log, to every attached connection.
 *
 * A spoken answer's turn ends when the client has played it (its `playback_mark`, `finished`), or, cut off
 * (the user spoke over it, pressed Stop, turned voice off), as `interrupted` keeping only what the user
 * heard, measured by the mark (waited for `MARK_WAIT_MS`, else estimated from when the audio went out).
 * Each turn traces the end of speech, speech to text, the model and text to speech.
 */
import {
  AUDIO_OUTPUT_FRAME_MS,
  audioFrames,
  type BidiCloseReason,
  type BidiStopReason,
  type InterruptReason,
  type PlaybackMarkMessage,
  VOICE_OUTPUT_SAMPLE_RATES,
  type VoiceClientMessage,
  type VoiceOutputSampleRate,
  type VoiceStartMessage,
} from "@interject/protocol";
import {
  base64ToPcm16,
  durationMs,
  INPUT_SAMPLE_RATE,
  InvalidAudioError,
  pcm16ToBytes,
  type ResponseContext,
  type SpeechEvent,
  type SpeechSession,
} from "@interject/speech";
import { runToolCall } from "../agent/agent-loop.ts";
import type { Logger } from "../logger.ts";
import type { Session } from "../session/session.ts";
import type { SessionVoice, VoicePeer } from "../session/session-voice.ts";
import type { TurnIO, TurnRunner } from "../session/turn-io.ts";
import type { ToolRegistry } from "../tools/tool.ts";
import { type SpeechTiming, SpokenAnswer } from "./spoken-answer.ts";
import type { VoiceAvailability, VoiceEngine } from "./voice-engine.ts";

/** After an answer is cut off, how long the client's playback mark is waited for before estimating. */
export const MARK_WAIT_MS = 1000;
/** After the last audio should have played, how long a `finished` mark is waited for. */
const PLAYBACK_GRACE_MS = 2500;
/** Audio kept while the engine opens (it is handed over once it has; pocketsphinx takes a moment to load). */
const PENDING_AUDIO_MS = 10_000;
/** Answers remembered for late marks. */
const ANSWERS_KEPT = 8;
/** Who decides that the user stopped speaking (the VAD in @interject/speech), for the traces. */
const END_OF_SPEECH_ENGINE = "interject-vad";

export interface VoiceConversationDeps {
  availability: VoiceAvailability;
  /** The agent's turn logic: for engines that use the agent's model, it writes the spoken answers. */
  runner: TurnRunner;
  system: string;
  tools: ToolRegistry;
  logger: Logger;
  now?: () => number;
  newId?: () => string;
}

/** A voice error for one connection: Strands puts the failure's class name in `code`. */
type VoiceErrorCode =
  | "VoiceUnavailableError"
  | "VoiceNotStartedError"
  | "VoiceStartError"
  | "InvalidAudioError"
  | string;

export class VoiceConversation implements SessionVoice {
  private owner: VoicePeer | null = null;
  private engine: SpeechSession | null = null;
  private opening = false;
  /** Bumped whenever the engine session is replaced or closed: stale callbacks check it. */
  private generation = 0;
  private connectionId = "";
  private outputSampleRate: VoiceOutputSampleRate = 24_000;
  private pending: Int16Array[] = [];
  private pendingSamples = 0;
  /** Samples handed to the engine: its audio clock. */
  private samplesPushed = 0;
  private readonly answers = new Map<string, SpokenAnswer>();
  /** The answer whose turn is running (or waiting for its playback). */
  private current: SpokenAnswer | null = null;
  /** The answer the engine is producing (the latest `response_start`). */
  private speaking: SpokenAnswer | null = null;
  private userText = "";
  private timing: SpeechTiming = { endedAt: null, decisionMs: 0, recognitionMs: null };
  private pendingFirstAudioMs: number | null = null;
  private readonly errorsSentTo = new WeakSet<VoicePeer>();
  private closed = false;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(
    private readonly session: Session,
    private readonly deps: VoiceConversationDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  private get voiceEngine(): VoiceEngine | null {
    return this.deps.availability.engine;
  }

  /** Whether `connection` holds the microphone. */
  owns(connection: VoicePeer): boolean {
    return this.owner === connection;
  }

  handle(connection: VoicePeer, message: VoiceClientMessage): void {
    if (this.closed) return;
    switch (message.type) {
      case "voice_start":
        this.start(connection, message);
        return;
      case "voice_end":
        if (this.owner === connection) this.stop("user_request");
        else this.sendClose(connection, "user_request");
        return;
      case "bidi_audio_input":
        this.audio(connection, message.audio);
        return;
      case "bidi_text_input":
        if (this.requireOwner(connection)) this.engine?.pushText(message.text);
        return;
      case "utterance_end":
        if (this.requireOwner(connection)) this.engine?.endOfSpeech();
        return;
      case "playback_mark":
        this.onMark(message);
        return;
    }
  }

  /** The owning connection went away: the microphone is gone, so voice stops (a reconnect starts it again). */
  detached(connection: VoicePeer): void {
    if (this.owner === connection) this.stop("client_disconnect");
  }

  /** The session ended. */
  close(): void {
    if (this.closed) return;
    this.stop("complete");
    this.closed = true;
  }

  /**
   * Stops the spoken answer that is running, for the user's Stop (`interrupt`): the turn ends once the
   * client's mark says what was heard. False when no spoken answer runs (or not the named turn).
   */
  stopAnswer(reason: InterruptReason, turnId?: string): boolean {
    const answer = this.current;
    if (!answer || answer.settled || (turnId !== undefined && answer.turnId !== turnId)) return false;
    answer.stopReason = reason;
    this.cut(answer);
    if (answer.mark) this.finish(answer);
    else this.waitForMark(answer);
    return true;
  }

  /** Ends the spoken answer now, with what is known of what was heard (a typed prompt is about to start). */
  yieldTurn(reason: InterruptReason): void {
    const answer = this.current;
    if (!answer || answer.settled) return;
    answer.stopReason = reason;
    this.cut(answer);
    this.finish(answer);
  }

  // ---- the client's messages -----------------------------------------------------------------------------

  private start(connection: VoicePeer, message: VoiceStartMessage): void {
    const engine = this.voiceEngine;
    if (!engine) {
      const reason = this.deps.availability.engine === null ? this.deps.availability.reason : "";
      this.sendError(connection, "VoiceUnavailableError", reason);
      this.sendClose(connection, "error");
      return;
    }
    if (this.owner && (this.engine || this.opening) && this.outputSampleRate === message.outputSampleRate) {
      // The same voice conversation from another socket (a reconnect): it takes the microphone over.
      this.owner = connection;
      if (this.engine) this.sendStart(connection);
      return;
    }
    if (this.owner) this.stop("user_request");
    const generation = ++this.generation;
    this.owner = connection;
    this.outputSampleRate = message.outputSampleRate;
    this.connectionId = this.newId();
    this.opening = true;
    engine
      .open({
        outputSampleRate: message.outputSampleRate,
        respond: (prompt, signal, context) => this.respond(prompt, signal, context),
        system: this.deps.system,
        tools: this.deps.tools.specs(),
        history: this.session.history,
        logger: this.deps.logger,
      })
      .then(
        (opened) => {
          if (generation !== this.generation || this.closed) {
            void opened.close();
            return;
          }
          this.opening = false;
          this.engine = opened;
          this.samplesPushed = 0;
          for (const samples of this.pending.splice(0)) this.push(samples);
          this.pendingSamples = 0;
          if (this.owner) this.sendStart(this.owner);
          this.deps.logger.info(
            { sessionId: this.session.id, engine: engine.name, outputSampleRate: this.outputSampleRate },
            "voice started",
          );
          void this.consume(opened, generation);
        },
        (error: unknown) => {
          if (generation !== this.generation) return;
          this.opening = false;
          this.pending = [];
          this.pendingSamples = 0;
          const failure = error instanceof Error ? error : new Error(String(error));
          this.deps.logger.warn(
            { sessionId: this.session.id, err: failure.message },
            "voice failed to start",
          );
          const owner = this.owner;
          this.owner = null;
          if (owner) {
            this.sendError(owner, "VoiceStartError", `Voice could not start: ${failure.message}`);
            this.sendClose(owner, "error");
          }
        },
      );
  }

  private audio(connection: VoicePeer, audio: string): void {
    if (!this.requireOwner(connection)) return;
    let samples: Int16Array;
    try {
      samples = base64ToPcm16(audio);
    } catch (error) {
      if (!(error instanceof InvalidAudioError)) throw error;
      this.sendError(connection, "InvalidAudioError", error.message);
      return;
    }
    if (this.engine) {
      this.push(samples);
    } else if (this.opening) {
      this.pending.push(samples);
      this.pendingSamples += samples.length;
      while (this.pendingSamples > (PENDING_AUDIO_MS * INPUT_SAMPLE_RATE) / 1000) {
        this.pendingSamples -= this.pending.shift()?.length ?? 0;
      }
    }
  }

  private push(samples: Int16Array): void {
    this.samplesPushed += samples.length;
    this.engine?.pushAudio(samples);
  }

  private onMark(mark: PlaybackMarkMessage): void {
    this.engine?.playbackStopped?.();
    const answer = this.answers.get(mark.responseId);
    if (!answer || answer.settled) return;
    answer.mark = mark;
    if (mark.reason === "finished") {
      // The client played everything it was sent. Still being spoken: more audio comes, keep waiting.
      if (answer.engineDone === "complete" || answer.voiceFailed) answer.release();
      else if (answer.cutAt !== null) this.finish(answer);
      return;
    }
    // The client stopped playing it: the user spoke over it (the client's own barge-in) or stopped it.
    this.cut(answer);
    this.finish(answer);
  }

  /** Voice messages are taken only from the connection that started voice. */
  private requireOwner(connection: VoicePeer): boolean {
    if (this.owner === connection) return true;
    if (!this.errorsSentTo.has(connection)) {
      this.errorsSentTo.add(connection);
      this.sendError(
        connection,
        "VoiceNotStartedError",
        "Voice is not on for this connection: send voice_start first.",
      );
    }
    return false;
  }

  /** Voice off (voice_end, the microphone's socket closed, the session ended). */
  private stop(reason: BidiCloseReason): void {
    const owner = this.owner;
    const engine = this.engine;
    this.owner = null;
    this.engine = null;
    this.opening = false;
    this.pending = [];
    this.pendingSamples = 0;
    this.generation++;
    if (this.current && !this.current.settled) this.yieldTurn("user");
    if (engine) {
      void engine
        .close()
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: (error as Error).message }, "voice engine did not close cleanly"),
        );
    }
    if (owner) this.sendClose(owner, reason);
  }

  // ---- the engine's events -------------------------------------------------------------------------------

  private respond(_prompt: string, signal: AbortSignal, context: ResponseContext): AsyncIterable<string> {
    const answer = this.answerFor(context.responseId);
    answer.engineSignal = signal;
    return answer.text;
  }

  private answerFor(responseId: string): SpokenAnswer {
    const known = this.answers.get(responseId);
    if (known) return known;
    const answer = new SpokenAnswer(responseId);
    this.answers.set(responseId, answer);
    for (const [id, old] of this.answers) {
      if (this.answers.size <= ANSWERS_KEPT) break;
      if (old.settled) this.answers.delete(id);
    }
    return answer;
  }

  private async consume(engine: SpeechSession, generation: number): Promise<void> {
    try {
      for await (const event of engine.events()) this.onEvent(event);
    } catch (error) {
      this.deps.logger.error({ err: (error as Error).message }, "voice engine events failed");
    }
    if (generation !== this.generation) return;
    // The engine ended on its own (its process or stream died): voice is off, text chat carries on.
    const owner = this.owner;
    this.owner = null;
    this.engine = null;
    this.generation++;
    if (this.current && !this.current.settled) this.yieldTurn("user");
    if (owner) this.sendClose(owner, "error");
  }

  private onEvent(event: SpeechEvent): void {
    switch (event.type) {
      case "speech_started":
        return;
      case "speech_ended": {
        const decisionMs = Math.max(0, durationMs(this.samplesPushed, INPUT_SAMPLE_RATE) - event.atMs);
        this.timing = { endedAt: this.now() - decisionMs, decisionMs, recognitionMs: null };
        return;
      }
      case "transcript":
        if (event.role === "user") this.userText = event.text;
        else if (!event.isFinal) this.speaking?.items.push({ kind: "text", text: event.text });
        this.emitTranscript(event.role, event.text, event.isFinal);
        return;
      case "latency":
        if (event.stage === "recognition") this.timing.recognitionMs = event.ms;
        else this.pendingFirstAudioMs = event.ms;
        return;
      case "response_start":
        this.responseStarted(event.responseId);
        return;
      case "audio":
        this.answerAudio(event);
        return;
      case "interruption":
        this.session.emitVoice({ type: "bidi_interruption", reason: event.reason });
        this.engineInterrupted(event.responseId, event.reason);
        return;
      case "response_complete":
        this.session.emitVoice({
          type: "bidi_response_complete",
          response_id: event.responseId,
          stop_reason: event.stopReason,
        });
        this.engineDone(event.responseId, event.stopReason);
        return;
      case "tool_use":
        this.speaking?.items.push({
          kind: "tool",
          call: { id: event.callId, name: event.name, input: event.input },
        });
        return;
      case "usage":
        this.session.emitVoice({
          type: "bidi_usage",
          inputTokens: event.inputTokens,
          outputTokens: event.outputTokens,
          totalTokens: event.totalTokens,
        });
        if (this.speaking) {
          this.speaking.inputTokens = event.inputTokens;
          this.speaking.outputTokens = event.outputTokens;
        }
        return;
      case "error":
        this.deps.logger.warn(
          { sessionId: this.session.id, code: event.code, err: event.message },
          "voice error",
        );
        if (this.owner) this.sendError(this.owner, event.code, event.message);
        return;
    }
  }

  private emitTranscript(role: "user" | "assistant", text: string, isFinal: boolean): void {
    this.session.emitVoice({
      type: "bidi_transcript_stream",
      delta: { text },
      text,
      role,
      is_final: isFinal,
      current_transcript: text,
    });
  }

  private responseStarted(responseId: string): void {
    const answer = this.answerFor(responseId);
    answer.prompt = this.userText;
    answer.speech = this.timing;
    this.userText = "";
    this.timing = { endedAt: null, decisionMs: 0, recognitionMs: null };
    this.pendingFirstAudioMs = null;
    this.speaking = answer;
    this.session.emitVoice({ type: "bidi_response_start", response_id: responseId });
    // The answer before, if its turn still waits for its playback, ends here with what was heard of it.
    const before = this.current;
    if (before && before !== answer && !before.settled) {
      this.cut(before);
      this.finish(before);
    }
    if (!answer.prompt) {
      // Nothing to answer (the engine gave no words): the engine's answer plays without a turn.
      answer.settled = true;
      return;
    }
    answer.startedAt = this.now();
    this.current = answer;
    answer.turnId = this.session.prompt(this.newId(), answer.prompt, {
      runner: (prompt, io) => this.runTurn(answer, prompt, io),
    });
  }

  /** The spoken answer's turn: its voice traces, its text (from the agent's model or the engine), its end. */
  private async runTurn(answer: SpokenAnswer, prompt: string, io: TurnIO): Promise<void> {
    answer.io = io;
    this.traceSpeech(answer, io);
    io.signal.addEventListener("abort", () => this.turnEnded(answer), { once: true });
    const engine = this.voiceEngine;
    if (engine?.usesAgentModel) {
      const signal = answer.engineSignal ? AbortSignal.any([io.signal, answer.engineSignal]) : io.signal;
      const tapped: TurnIO = {
        ...io,
        signal,
        text: (text) => {
          if (signal.aborted || text === "") return;
          answer.streamed += text;
          io.text(text);
          answer.text.push(text);
        },
      };
      try {
        await this.deps.runner(prompt, tapped);
      } finally {
        answer.text.close();
      }
    } else {
      await this.writeEngineAnswer(answer, io, engine?.model ?? "speech");
    }
    if (io.signal.aborted || answer.voiceFailed) return;
    await Promise.race([answer.released, aborted(io.signal)]);
  }

  /** A speech-to-speech engine's answer: its text into the turn, its tool calls run like the agent's own. */
  private async writeEngineAnswer(answer: SpokenAnswer, io: TurnIO, model: string): Promise<void> {
    for await (const item of answer.items) {
      if (io.signal.aborted) return;
      if (item.kind === "text") {
        answer.firstTextAt ??= this.now();
        const text = answer.streamed === "" ? item.text : ` ${item.text}`;
        answer.streamed += text;
        io.text(text);
        continue;
      }
      const result = await runToolCall(item.call, io, {
        tools: this.deps.tools,
        now: this.now,
        clock: () => new Date(this.now()),
      });
      if (io.signal.aborted) return;
      this.engine?.pushToolResult?.(item.call.id, result.output, result.isError);
    }
    const at = this.now();
    io.trace({
      kind: "model_call",
      at,
      provider: this.voiceEngine?.name ?? "speech",
      model,
      timeToFirstTokenMs: answer.firstTextAt === null ? null : answer.firstTextAt - answer.startedAt,
      latencyMs: Math.min(86_400_000, Math.max(0, at - answer.startedAt)),
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      stopReason: answer.engineDone === "error" ? "error" : "end_turn",
    });
  }

  private traceSpeech(answer: SpokenAnswer, io: TurnIO): void {
    const { endedAt, decisionMs, recognitionMs } = answer.speech;
    const engine = this.voiceEngine;
    if (endedAt !== null) {
      io.trace({
        kind: "voice",
        at: Math.round(endedAt),
        stage: "end_of_speech",
        engine: END_OF_SPEECH_ENGINE,
        latencyMs: Math.round(decisionMs),
      });
    }
    if (recognitionMs !== null) {
      io.trace({
        kind: "voice",
        at: this.now(),
        stage: "speech_to_text",
        engine: engine?.speechToText ?? "speech",
        latencyMs: Math.round(recognitionMs),
        text: answer.prompt.slice(0, 2000),
      });
    }
  }

  private answerAudio(event: Extract<SpeechEvent, { type: "audio" }>): void {
    const answer = this.answers.get(event.responseId);
    if (!answer || answer.cutAt !== null) return;
    const rate = outputRate(event.sampleRate);
    if (rate === null) {
      this.deps.logger.error(
        { sampleRate: event.sampleRate },
        "voice engine spoke at a rate the wire has not",
      );
      return;
    }
    answer.sampleRate = rate;
    if (answer.firstAudioAt === null) {
      answer.firstAudioAt = this.now();
      answer.firstAudioMs = this.pendingFirstAudioMs;
      const since = answer.speech.endedAt ?? answer.startedAt;
      answer.io?.trace({
        kind: "voice",
        at: answer.firstAudioAt,
        stage: "text_to_speech",
        engine: this.voiceEngine?.textToSpeech ?? "speech",
        latencyMs: Math.round(answer.firstAudioMs ?? Math.max(0, answer.firstAudioAt - since)),
        text: event.text.slice(0, 2000),
      });
    }
    const newPiece = answer.pieces.add(event.piece, event.text, event.samples.length);
    // The offline engine says what it speaks by its pieces; a speech-to-speech engine sends transcripts.
    if (newPiece && this.voiceEngine?.usesAgentModel) this.emitTranscript("assistant", event.text, true);
    const envelope = { type: "bidi_audio_stream", seq: 0, format: "pcm", sample_rate: rate, channels: 1 };
    for (const audio of audioFrames(pcm16ToBytes(event.samples), envelope, rate, AUDIO_OUTPUT_FRAME_MS)) {
      this.session.emitVoice({
        type: "bidi_audio_stream",
        audio,
        format: "pcm",
        sample_rate: rate,
        channels: 1,
      });
    }
  }

  private engineInterrupted(responseId: string, reason: "user_speech" | "error"): void {
    const answer = this.answers.get(responseId);
    if (!answer || answer.settled) return;
    if (reason === "error") {
      // The voice failed (espeak-ng died): the turn finishes in text, without waiting for playback.
      answer.voiceFailed = true;
      answer.release();
      return;
    }
    this.cut(answer);
    if (answer.mark?.reason === "interrupted") this.finish(answer);
    else this.waitForMark(answer);
  }

  private engineDone(responseId: string, stopReason: BidiStopReason): void {
    const answer = this.answers.get(responseId);
    if (!answer) return;
    answer.engineDone = stopReason;
    answer.items.close();
    if (answer.settled || stopReason !== "complete") return;
    if (answer.mark?.reason === "finished" || answer.pieces.totalSamples === 0) {
      answer.release();
      return;
    }
    // Wait for the client to say it played everything, a little longer than the audio should take.
    const wait = Math.max(0, answer.expectedPlaybackEnd() - this.now()) + PLAYBACK_GRACE_MS;
    answer.clearTimer();
    answer.timer = setTimeout(() => answer.release(), wait);
    answer.timer.unref();
  }

  // ---- ending a spoken answer ----------------------------------------------------------------------------

  /** The answer was cut off now: the engine stops it, and no more of its audio goes out. */
  private cut(answer: SpokenAnswer): void {
    if (answer.cutAt !== null) return;
    answer.cutAt = this.now();
    const playing = answer.engineDone === null || answer.engineDone === "complete";
    if (this.speaking === answer && playing) this.engine?.interrupt();
  }

  private waitForMark(answer: SpokenAnswer): void {
    answer.clearTimer();
    answer.timer = setTimeout(() => this.finish(answer), MARK_WAIT_MS);
    answer.timer.unref();
  }

  /** Ends a cut-off answer's turn as interrupted, keeping what the user heard (unless all of it was). */
  private finish(answer: SpokenAnswer): void {
    if (answer.settled) return;
    const played = answer.playedSamples(this.now());
    const total = answer.pieces.totalSamples;
    if (answer.engineDone === "complete" && total > 0 && played >= total) {
      answer.release();
      return;
    }
    answer.settled = true;
    answer.clearTimer();
    if (this.current === answer) this.current = null;
    if (answer.turnId === null || this.session.activeTurnId !== answer.turnId) return;
    const heard = answer.heard(played);
    const playedMs = answer.sampleRate > 0 ? Math.round(durationMs(played, answer.sampleRate)) : 0;
    this.session.interruptActive(answer.stopReason, { heard, playedMs });
  }

  /** The session ended the answer's turn (our own interruption, a Stop, a new prompt, a revocation). */
  private turnEnded(answer: SpokenAnswer): void {
    answer.clearTimer();
    answer.settled = true;
    answer.text.close();
    answer.items.close();
    if (this.current === answer) this.current = null;
    this.cut(answer);
  }

  // ---- per-connection messages ---------------------------------------------------------------------------

  private sendStart(connection: VoicePeer): void {
    connection.sendMessage({
      type: "bidi_connection_start",
      seq: this.session.lastSeq,
      connection_id: this.connectionId,
      model: this.voiceEngine?.model ?? "none",
    });
  }

  private sendClose(connection: VoicePeer, reason: BidiCloseReason): void {
    connection.sendMessage({
      type: "bidi_connection_close",
      seq: this.session.lastSeq,
      connection_id: this.connectionId || "none",
      reason,
    });
  }

  private sendError(connection: VoicePeer, code: VoiceErrorCode, message: string): void {
    connection.sendMessage({
      type: "bidi_error",
      seq: this.session.lastSeq,
      message: message.slice(0, 2000) || "Voice failed.",
      code: code.slice(0, 128) || "Error",
      details: null,
    });
  }
}

function outputRate(rate: number): VoiceOutputSampleRate | null {
  return (VOICE_OUTPUT_SAMPLE_RATES as readonly number[]).includes(rate)
    ? (rate as VoiceOutputSampleRate)
    : null;
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

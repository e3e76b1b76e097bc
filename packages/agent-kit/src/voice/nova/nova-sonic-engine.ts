/**
 * Amazon Nova Sonic as a speech engine: the model hears the user, answers and speaks, calling the agent's
 * tools; Interject maps its events onto the same `SpeechEvent`s as the offline pipeline.
 *
 * - Transcripts: the user's (ASR, FINAL) starts a response; the assistant's SPECULATIVE text is what it is
 *   about to say (the turn's text); each audio block speaks the speculative text before it, so what the user
 *   heard is told from the played samples as offline.
 * - Barge-in: Nova's `{ "interrupted" : true }` text, or a content's stopReason INTERRUPTED, become
 *   `interruption` + `response_complete` (interrupted). A client-side barge-in (`interrupt()`) drops the rest
 *   of the answer's audio here.
 * - The ~8-minute connection limit: after `rotateAfterMs` (at a pause, or at most 90 s later in any case)
 *   the next connection is opened with the conversation so far, the last 3 s of the user's audio is replayed
 *   into it, and the session switches over; the old one is closed. A connection that ends on its own is
 *   replaced the same way.
 * - Silence keeps flowing while the microphone sends nothing (muted, push-to-talk), so the stream does not
 *   time out.
 * - Timing for the traces: Interject's own voice activity detector marks the end of the user's speech.
 */
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import type { HistoryTurn } from "@interject/protocol";
import {
  AudioHistory,
  base64ToPcm16,
  durationMs,
  EventQueue,
  INPUT_SAMPLE_RATE,
  InvalidAudioError,
  type SpeechEvent,
  type SpeechSession,
  samplesIn,
  VoiceActivityDetector,
} from "@interject/speech";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import type { Logger } from "../../logger.ts";
import type { VoiceEngine, VoiceOpenContext } from "../voice-engine.ts";
import { generationStage, isInterruptedNotice, type NovaOutputEvent } from "./nova-events.ts";
import { NovaStream, type NovaStreamSetup } from "./nova-stream.ts";

export interface NovaSonicOptions {
  modelId: string;
  region: string;
  voiceId: string;
  /** When the next connection is opened (Nova ends one after about 8 minutes). */
  rotateAfterMs: number;
  /** A different Bedrock runtime endpoint (tests: a local HTTP/2 server). */
  endpoint?: string;
  /** A client of your own (credentials, retries); one is made from region and endpoint otherwise. */
  client?: BedrockRuntimeClient;
  maxTokens?: number;
  now?: () => number;
}

/** User audio replayed into the next connection when switching. */
const REPLAY_MS = 3000;
/** The latest a switch waits for a pause after `rotateAfterMs`. */
const ROTATE_AT_LATEST_MS = 90_000;
/** Silence is sent when the microphone has sent nothing for this long; in frames of this length. */
const SILENCE_AFTER_MS = 100;
const SILENCE_FRAME_MS = 64;
/** Conversation turns replayed into a new connection. */
const HISTORY_TURNS = 20;

export class NovaSonicVoiceEngine implements VoiceEngine {
  readonly name = "nova-sonic";
  readonly model: string;
  readonly speechToText: string;
  readonly textToSpeech: string;
  readonly usesAgentModel = false;
  private client: BedrockRuntimeClient | null;

  constructor(private readonly options: NovaSonicOptions) {
    this.model = options.modelId;
    this.speechToText = options.modelId;
    this.textToSpeech = options.modelId;
    this.client = options.client ?? null;
  }

  /** One client per agent: the HTTP/2 handler multiplexes every session's stream over its connections. */
  private get bedrock(): BedrockRuntimeClient {
    this.client ??= new BedrockRuntimeClient({
      region: this.options.region,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      requestHandler: new NodeHttp2Handler({
        requestTimeout: 10 * 60_000,
        sessionTimeout: 10 * 60_000,
        disableConcurrentStreams: false,
        maxConcurrentStreams: 20,
      }),
    });
    return this.client;
  }

  async open(context: VoiceOpenContext): Promise<NovaSonicSession> {
    const session = new NovaSonicSession(this.bedrock, this.options, context);
    await session.connect();
    return session;
  }
}

interface NovaResponse {
  id: string;
  /** Pieces of speculative text; audio speaks the latest one. */
  piece: number;
  pieceText: string;
  interrupted: boolean;
  done: boolean;
  firstAudio: boolean;
  /** Epoch ms of the end of the user's speech that this answers (for the latency events). */
  speechEndedAt: number | null;
}

export class NovaSonicSession implements SpeechSession {
  private readonly queue = new EventQueue<SpeechEvent>();
  private readonly vad = new VoiceActivityDetector();
  private readonly recent: AudioHistory;
  private stream: NovaStream | null = null;
  private next: Promise<void> | null = null;
  private readonly history: Array<{ role: "USER" | "ASSISTANT"; text: string }>;
  /** The role and stage of each open content block, by contentId. */
  private readonly contents = new Map<string, { role: string; stage: "SPECULATIVE" | "FINAL" | null }>();
  private readonly texts = new Map<string, string>();
  private response: NovaResponse | null = null;
  private responses = 0;
  private speechEndedAt: number | null = null;
  private lastAudioAt = 0;
  private readonly silence: NodeJS.Timeout;
  private readonly rotation: NodeJS.Timeout;
  private closed = false;
  private readonly now: () => number;
  private readonly logger: Logger;

  constructor(
    private readonly client: BedrockRuntimeClient,
    private readonly options: NovaSonicOptions,
    private readonly context: VoiceOpenContext,
  ) {
    this.now = options.now ?? Date.now;
    this.logger = context.logger;
    this.recent = new AudioHistory(samplesIn(REPLAY_MS, INPUT_SAMPLE_RATE));
    this.history = conversation(context.history);
    this.lastAudioAt = this.now();
    this.silence = setInterval(() => this.keepAlive(), SILENCE_FRAME_MS);
    this.silence.unref();
    this.rotation = setInterval(() => this.checkRotation(), 1000);
    this.rotation.unref();
  }

  /** Opens the first connection (throws what the service answered). */
  async connect(): Promise<void> {
    try {
      this.stream = await this.openStream();
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  events(): AsyncIterable<SpeechEvent> {
    return this.queue;
  }

  pushAudio(samples: Int16Array): void {
    if (this.closed) return;
    this.lastAudioAt = this.now();
    this.feed(samples);
  }

  pushText(text: string): void {
    if (this.closed || !text.trim()) return;
    this.queue.push({ type: "transcript", role: "user", text, isFinal: true });
    this.history.push({ role: "USER", text });
    this.speechEndedAt = this.now();
    this.stream?.sendUserText(text);
  }

  endOfSpeech(): void {
    const event = this.vad.end();
    if (event?.type === "speech_end") this.onSpeechEnd(event.endSample, event.atSample);
  }

  /** Stops forwarding the current answer (the client heard the user speak over it, or Stop). */
  interrupt(): void {
    const response = this.response;
    if (!response || response.interrupted) return;
    this.cut(response, "user_speech");
  }

  pushToolResult(callId: string, output: string, isError: boolean): void {
    this.stream?.sendToolResult(callId, isError ? JSON.stringify({ error: output }) : output);
  }

  async close(): Promise<void> {
    this.stop();
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.silence);
    clearInterval(this.rotation);
    this.stream?.close();
    this.stream = null;
    this.queue.close();
  }

  // ---- audio in ------------------------------------------------------------------------------------------

  private feed(samples: Int16Array): void {
    this.recent.append(samples);
    for (const event of this.vad.push(samples)) {
      if (event.type === "speech_start") {
        this.queue.push({ type: "speech_started", atMs: durationMs(event.startSample, INPUT_SAMPLE_RATE) });
      } else {
        this.onSpeechEnd(event.endSample, event.atSample);
      }
    }
    this.stream?.sendAudio(samples);
  }

  private onSpeechEnd(endSample: number, atSample: number): void {
    this.queue.push({ type: "speech_ended", atMs: durationMs(endSample, INPUT_SAMPLE_RATE) });
    this.speechEndedAt = this.now() - durationMs(atSample - endSample, INPUT_SAMPLE_RATE);
  }

  /** Silence while the microphone sends nothing: Nova ends a stream after about 175 s without audio. */
  private keepAlive(): void {
    if (this.closed || this.now() - this.lastAudioAt < SILENCE_AFTER_MS) return;
    this.feed(new Int16Array(samplesIn(SILENCE_FRAME_MS, INPUT_SAMPLE_RATE)));
  }

  // ---- connections ---------------------------------------------------------------------------------------

  private openStream(): Promise<NovaStream> {
    const setup: NovaStreamSetup = {
      modelId: this.options.modelId,
      system: this.context.system,
      tools: this.context.tools,
      history: this.history.slice(-HISTORY_TURNS * 2),
      voiceId: this.options.voiceId,
      outputSampleRate: this.context.outputSampleRate,
      maxTokens: this.options.maxTokens ?? 1024,
    };
    let opened: NovaStream | null = null;
    return NovaStream.open(
      this.client,
      setup,
      {
        event: (event) => {
          if (opened && opened === this.stream) this.onOutput(event);
        },
        end: (error) => {
          if (opened && opened === this.stream) this.onStreamEnd(error);
        },
      },
      this.now(),
    ).then((stream) => {
      opened = stream;
      return stream;
    });
  }

  private checkRotation(): void {
    const stream = this.stream;
    if (this.closed || !stream || this.next) return;
    const age = this.now() - stream.openedAt;
    if (age < this.options.rotateAfterMs) return;
    const busy = this.response !== null && !this.response.done;
    if (busy && age < this.options.rotateAfterMs + ROTATE_AT_LATEST_MS) return;
    this.rotate("connection limit");
  }

  /** Opens the next connection with the conversation so far, replays the last seconds of audio, switches. */
  private rotate(why: string): void {
    this.next = this.openStream().then(
      (fresh) => {
        this.next = null;
        if (this.closed) {
          fresh.close();
          return;
        }
        const old = this.stream;
        this.stream = fresh;
        const replay = this.recent.since(this.recent.endIndex - samplesIn(REPLAY_MS, INPUT_SAMPLE_RATE));
        const frame = samplesIn(32, INPUT_SAMPLE_RATE);
        for (let at = 0; at < replay.length; at += frame) fresh.sendAudio(replay.subarray(at, at + frame));
        old?.close();
        // An answer still being spoken on the old connection (a switch forced at the latest moment) ends
        // there; its turn keeps the text written so far.
        if (this.response && !this.response.done) this.cut(this.response, "error");
        this.logger.info({ why, historyMessages: this.history.length }, "nova sonic connection replaced");
      },
      (error: unknown) => {
        this.next = null;
        this.fail(error);
      },
    );
  }

  private onStreamEnd(error: Error | null): void {
    if (this.closed) return;
    this.logger.warn({ err: error?.message ?? "closed by the service" }, "nova sonic stream ended");
    this.stream = null;
    if (!this.next) this.rotate("stream ended");
  }

  private fail(error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.queue.push({ type: "error", message: `Nova Sonic: ${failure.message}`, code: failure.name });
    this.stop();
  }

  // ---- events out ----------------------------------------------------------------------------------------

  private onOutput(event: NovaOutputEvent): void {
    if ("contentStart" in event) {
      const start = event.contentStart;
      const stage = generationStage(start);
      this.contents.set(start.contentId, { role: start.role, stage });
      // The assistant's planned text, its audio or a tool call belong to an answer; its FINAL text (what
      // it said, after the audio) does not start one.
      if ((start.role === "ASSISTANT" && stage !== "FINAL") || start.role === "TOOL") this.startResponse();
      return;
    }
    if ("textOutput" in event) {
      const { contentId = "", content } = event.textOutput;
      const block = this.contents.get(contentId);
      if (block?.role === "ASSISTANT" && isInterruptedNotice(content)) {
        if (this.response && !this.response.interrupted) this.cut(this.response, "user_speech");
        return;
      }
      this.texts.set(contentId, (this.texts.get(contentId) ?? "") + content);
      if (block?.role === "ASSISTANT" && block.stage === "SPECULATIVE") this.speculative(content);
      return;
    }
    if ("audioOutput" in event) {
      this.audioOut(event.audioOutput.content);
      return;
    }
    if ("toolUse" in event) {
      const use = event.toolUse;
      let input: unknown = {};
      try {
        input = use.content ? JSON.parse(use.content) : {};
      } catch {
        input = { raw: use.content };
      }
      this.startResponse();
      this.queue.push({ type: "tool_use", callId: use.toolUseId, name: use.toolName, input });
      return;
    }
    if ("contentEnd" in event) {
      this.contentEnd(event.contentEnd.contentId ?? "", event.contentEnd.stopReason, event.contentEnd.type);
      return;
    }
    if ("usageEvent" in event) {
      const usage = event.usageEvent;
      const input = usage.totalInputTokens ?? 0;
      const output = usage.totalOutputTokens ?? 0;
      this.queue.push({
        type: "usage",
        inputTokens: input,
        outputTokens: output,
        totalTokens: usage.totalTokens ?? input + output,
      });
      return;
    }
    if ("completionEnd" in event) {
      if (this.response && !this.response.done) this.finishResponse("complete");
    }
  }

  private contentEnd(contentId: string, stopReason: string | undefined, type: string | undefined): void {
    const block = this.contents.get(contentId);
    const text = (this.texts.get(contentId) ?? "").trim();
    this.contents.delete(contentId);
    this.texts.delete(contentId);
    if (stopReason === "INTERRUPTED") {
      if (this.response && !this.response.interrupted) this.cut(this.response, "user_speech");
    }
    if (block?.role === "USER" && block.stage !== "SPECULATIVE" && text) {
      // What the user said: it opens the next answer.
      this.queue.push({ type: "transcript", role: "user", text, isFinal: true });
      this.history.push({ role: "USER", text });
      if (this.response && !this.response.done) this.cut(this.response, "user_speech");
      if (this.speechEndedAt !== null) {
        this.queue.push({
          type: "latency",
          stage: "recognition",
          ms: Math.max(0, this.now() - this.speechEndedAt),
        });
      }
      this.response = null;
      return;
    }
    if (block?.role === "ASSISTANT" && block.stage === "FINAL" && text) {
      // What the assistant actually said (sentence by sentence): the conversation a next connection gets.
      this.queue.push({ type: "transcript", role: "assistant", text, isFinal: true });
      this.history.push({ role: "ASSISTANT", text });
      return;
    }
    if (type === "AUDIO" && stopReason === "END_TURN" && this.response && !this.response.done) {
      this.finishResponse("complete");
    }
  }

  private startResponse(): NovaResponse {
    if (this.response && !this.response.done) return this.response;
    const response: NovaResponse = {
      id: `nova-${++this.responses}-${this.now()}`,
      piece: -1,
      pieceText: "",
      interrupted: false,
      done: false,
      firstAudio: true,
      speechEndedAt: this.speechEndedAt,
    };
    this.speechEndedAt = null;
    this.response = response;
    this.queue.push({ type: "response_start", responseId: response.id });
    return response;
  }

  private speculative(text: string): void {
    const response = this.startResponse();
    if (response.interrupted) return;
    response.piece++;
    response.pieceText = text;
    this.queue.push({ type: "transcript", role: "assistant", text, isFinal: false });
  }

  private audioOut(base64: string): void {
    const response = this.response;
    if (!response || response.interrupted || response.done) return;
    let samples: Int16Array;
    try {
      samples = base64ToPcm16(base64);
    } catch (error) {
      if (error instanceof InvalidAudioError) return;
      throw error;
    }
    if (response.firstAudio) {
      response.firstAudio = false;
      const since = response.speechEndedAt;
      if (since !== null)
        this.queue.push({ type: "latency", stage: "first_audio", ms: Math.max(0, this.now() - since) });
    }
    this.queue.push({
      type: "audio",
      responseId: response.id,
      samples,
      sampleRate: this.context.outputSampleRate,
      text: response.pieceText,
      piece: Math.max(0, response.piece),
    });
  }

  private cut(response: NovaResponse, reason: "user_speech" | "error"): void {
    response.interrupted = true;
    this.queue.push({ type: "interruption", responseId: response.id, reason });
    this.finishResponse("interrupted");
  }

  private finishResponse(stopReason: "complete" | "interrupted"): void {
    const response = this.response;
    if (!response || response.done) return;
    response.done = true;
    this.queue.push({ type: "response_complete", responseId: response.id, stopReason });
  }
}

/** The conversation so far as Nova's history messages. */
function conversation(turns: readonly HistoryTurn[]): Array<{ role: "USER" | "ASSISTANT"; text: string }> {
  return turns.flatMap((turn) => [
    { role: "USER" as const, text: turn.prompt },
    ...(turn.response ? [{ role: "ASSISTANT" as const, text: turn.response }] : []),
  ]);
}

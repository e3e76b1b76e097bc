/**
 * The offline speech engine: voice activity detection -> pocketsphinx -> the agent's model (`respond`) ->
 * espeak-ng, sentence by sentence. One warm recogniser and one synthesizer (with its spare process) per
 * session. Barge-in: speech that starts while an answer is being prepared or played cancels it at once
 * (the model's signal aborts, espeak is killed, no more audio is emitted) and is recognised as the next
 * utterance. While answer audio is (estimated to be) playing, the VAD's half-duplex gate is closed.
 */
import { randomUUID } from "node:crypto";
import { AudioHistory } from "./audio-history.ts";
import type { SpeechEngine, SpeechEvent, SpeechSession, UtteranceRecognition } from "./engine.ts";
import { EspeakSynthesizer } from "./espeak-synthesizer.ts";
import { EstimatedPlayback } from "./estimated-playback.ts";
import { EventQueue } from "./event-queue.ts";
import { OFFLINE_PHRASES } from "./offline-phrases.ts";
import { durationMs, INPUT_SAMPLE_RATE, samplesIn } from "./pcm.ts";
import { type PhraseSet, phraseToPrompt } from "./phrases.ts";
import { PocketsphinxRecognizer } from "./pocketsphinx-recognizer.ts";
import type { SentenceSplitterOptions } from "./sentence-splitter.ts";
import { speakStream } from "./speaker.ts";
import { type VadEvent, type VadOptions, VoiceActivityDetector } from "./vad.ts";

/** Which answer a `respond` call is for: the `responseId` of its `response_start` event. */
export interface ResponseContext {
  responseId: string;
}

/** The agent's model: streamed answer text for a prompt, stopping when `signal` aborts. */
export type Responder = (
  prompt: string,
  signal: AbortSignal,
  context: ResponseContext,
) => AsyncIterable<string>;

export interface OfflineEngineOptions {
  /** Rate of the answer audio: 16,000 or 24,000. */
  outputSampleRate: number;
  /** What the recogniser can hear (the offline model's phrases unless given). */
  phrases?: PhraseSet;
  vad?: Partial<VadOptions>;
  /** Audio before the VAD's onset handed to the recogniser too (the onset is decided late). */
  preRollMs?: number;
  /** After the answer audio should have finished playing, the gate stays closed this much longer. */
  gateTailMs?: number;
  /** Answer audio is emitted at most this far ahead of real time, so the client never holds much. */
  maxLeadMs?: number;
  voice?: string;
  wordsPerMinute?: number;
  splitter?: Partial<SentenceSplitterOptions>;
  /** Clock in milliseconds (performance.now unless given). */
  now?: () => number;
}

export interface OfflineOpenOptions {
  respond: Responder;
}

export class OfflineSpeechEngine implements SpeechEngine<OfflineOpenOptions> {
  readonly name = "offline";
  readonly outputSampleRate: number;

  constructor(private readonly options: OfflineEngineOptions) {
    if (options.outputSampleRate !== 16_000 && options.outputSampleRate !== 24_000) {
      throw new RangeError(`outputSampleRate must be 16000 or 24000, got ${options.outputSampleRate}`);
    }
    this.outputSampleRate = options.outputSampleRate;
  }

  async open({ respond }: OfflineOpenOptions): Promise<OfflineSpeechSession> {
    const recognizer = await PocketsphinxRecognizer.start({
      phrases: this.options.phrases ?? OFFLINE_PHRASES,
    });
    try {
      const synthesizer = new EspeakSynthesizer({
        sampleRate: this.outputSampleRate,
        ...(this.options.voice ? { voice: this.options.voice } : {}),
        ...(this.options.wordsPerMinute ? { wordsPerMinute: this.options.wordsPerMinute } : {}),
      });
      return new OfflineSpeechSession(this.options, recognizer, synthesizer, respond);
    } catch (error) {
      await recognizer.close();
      throw error;
    }
  }
}

interface Response {
  id: string;
  controller: AbortController;
  done: Promise<void>;
  /** Every piece was spoken; its audio may still be playing at the client. */
  completed: boolean;
}

export class OfflineSpeechSession implements SpeechSession {
  private readonly queue = new EventQueue<SpeechEvent>();
  private readonly vad: VoiceActivityDetector;
  private readonly history: AudioHistory;
  private readonly preRoll: number;
  private readonly now: () => number;
  private utterance: UtteranceRecognition | null = null;
  /** Absolute sample index up to which the current utterance has been given audio. */
  private utteranceWritten = 0;
  private response: Response | null = null;
  /** When the audio emitted so far should finish playing at the client (clock ms). */
  private playbackEnd = 0;
  /** What the client is (estimated to be) playing, as the echo reference for barge-in. */
  private readonly playback = new EstimatedPlayback();
  private closed = false;

  constructor(
    private readonly options: OfflineEngineOptions,
    private readonly recognizer: PocketsphinxRecognizer,
    private readonly synthesizer: EspeakSynthesizer,
    private readonly respond: Responder,
  ) {
    this.vad = new VoiceActivityDetector(options.vad);
    this.preRoll = samplesIn(options.preRollMs ?? 200, INPUT_SAMPLE_RATE);
    this.history = new AudioHistory(this.preRoll + samplesIn(200, INPUT_SAMPLE_RATE));
    this.now = options.now ?? (() => performance.now());
  }

  events(): AsyncIterable<SpeechEvent> {
    return this.queue;
  }

  /** Whether answer audio is (estimated to be) still playing, which keeps the half-duplex gate closed. */
  get agentSpeaking(): boolean {
    return this.now() < this.playbackEnd + (this.options.gateTailMs ?? 150);
  }

  pushAudio(samples: Int16Array): void {
    if (this.closed) return;
    this.history.append(samples);
    this.vad.setGate(this.agentSpeaking);
    this.vad.setEchoReference(this.playback.levelAt(this.now()));
    for (const event of this.vad.push(samples)) this.onVad(event);
    if (this.utterance) this.feedUtterance();
  }

  pushText(text: string): void {
    if (this.closed || !text.trim()) return;
    this.cancelResponse("user_speech");
    this.queue.push({ type: "transcript", role: "user", text, isFinal: true });
    this.startResponse(text);
  }

  endOfSpeech(): void {
    const event = this.vad.end();
    if (event) this.onVad(event);
  }

  interrupt(): void {
    this.cancelResponse("user_speech", true);
  }

  /** The client's playback stopped (it played everything, or was cut off): the half-duplex gate opens. */
  playbackStopped(): void {
    this.playbackEnd = 0;
    this.playback.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.utterance?.cancel();
    this.utterance = null;
    const response = this.response;
    response?.controller.abort();
    await response?.done;
    await Promise.all([this.recognizer.close(), this.synthesizer.close()]);
    this.queue.close();
  }

  private onVad(event: VadEvent): void {
    const clipMs = (samples: number) => durationMs(samples, INPUT_SAMPLE_RATE);
    if (event.type === "speech_start") {
      this.queue.push({ type: "speech_started", atMs: clipMs(event.startSample) });
      // Barge-in: whatever answer is being prepared or played stops now.
      this.cancelResponse("user_speech");
      try {
        this.utterance = this.recognizer.begin();
      } catch (error) {
        // The recogniser died (its error says why): report it rather than throw into the caller's socket.
        const failure = error instanceof Error ? error : new Error(String(error));
        this.queue.push({ type: "error", message: failure.message, code: failure.name });
        return;
      }
      this.utteranceWritten = Math.max(0, event.startSample - this.preRoll);
      this.feedUtterance();
      return;
    }
    this.queue.push({ type: "speech_ended", atMs: clipMs(event.endSample) });
    const utterance = this.utterance;
    if (!utterance) return;
    this.feedUtterance();
    this.utterance = null;
    // The user stopped speaking this long before the VAD could tell (its hangover).
    const endedAt = this.now() - clipMs(event.atSample - event.endSample);
    utterance.end().then(
      (result) => {
        if (this.closed || !result.text) return;
        const prompt = phraseToPrompt(this.options.phrases ?? OFFLINE_PHRASES, result.text);
        this.queue.push({ type: "transcript", role: "user", text: prompt, isFinal: true });
        this.queue.push({ type: "latency", stage: "recognition", ms: this.now() - endedAt });
        this.startResponse(prompt, endedAt);
      },
      (error: Error) => this.queue.push({ type: "error", message: error.message, code: error.name }),
    );
  }

  private feedUtterance(): void {
    const samples = this.history.since(this.utteranceWritten);
    this.utteranceWritten = this.history.endIndex;
    if (samples.length > 0) this.utterance?.write(samples);
  }

  /**
   * Stops the answer: while it is being prepared or spoken, or (`force`, or while its audio is estimated to
   * be playing) after its last piece was spoken. An answer that has finished playing is left alone.
   */
  private cancelResponse(reason: "user_speech" | "error", force = false): void {
    const response = this.response;
    if (!response || response.controller.signal.aborted) return;
    if (response.completed && !force && !this.agentSpeaking) return;
    response.controller.abort();
    this.playbackEnd = 0;
    this.playback.clear();
    this.queue.push({ type: "interruption", responseId: response.id, reason });
    this.queue.push({ type: "response_complete", responseId: response.id, stopReason: "interrupted" });
  }

  private startResponse(prompt: string, speechEndedAt = this.now()): void {
    const id = randomUUID();
    const controller = new AbortController();
    const { signal } = controller;
    this.queue.push({ type: "response_start", responseId: id });
    const run = async () => {
      let firstAudio = true;
      const text = this.respond(prompt, signal, { responseId: id });
      for await (const chunk of speakStream(text, this.synthesizer, signal, this.options.splitter)) {
        if (signal.aborted) return;
        await this.pace(signal);
        if (signal.aborted) return;
        if (firstAudio) {
          firstAudio = false;
          this.queue.push({ type: "latency", stage: "first_audio", ms: this.now() - speechEndedAt });
        }
        const startsAt = Math.max(this.now(), this.playbackEnd);
        this.playback.schedule(chunk.samples, this.synthesizer.sampleRate, startsAt);
        this.playbackEnd = startsAt + durationMs(chunk.samples.length, this.synthesizer.sampleRate);
        this.queue.push({
          type: "audio",
          responseId: id,
          samples: chunk.samples,
          sampleRate: this.synthesizer.sampleRate,
          text: chunk.text,
          piece: chunk.piece,
        });
      }
      if (!signal.aborted) {
        response.completed = true;
        this.queue.push({ type: "response_complete", responseId: id, stopReason: "complete" });
      }
    };
    const response: Response = { id, controller, done: Promise.resolve(), completed: false };
    response.done = run().catch((error: unknown) => {
      if (signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      controller.abort();
      this.queue.push({ type: "error", message, code: error instanceof Error ? error.name : "Error" });
      this.queue.push({ type: "interruption", responseId: id, reason: "error" });
      this.queue.push({ type: "response_complete", responseId: id, stopReason: "error" });
    });
    this.response = response;
  }

  /** Waits while more than `maxLeadMs` of emitted audio is still ahead of real time. */
  private async pace(signal: AbortSignal): Promise<void> {
    const lead = this.options.maxLeadMs ?? 1500;
    for (;;) {
      const ahead = this.playbackEnd - this.now();
      if (ahead <= lead || signal.aborted) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ahead - lead);
        signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
  }
}

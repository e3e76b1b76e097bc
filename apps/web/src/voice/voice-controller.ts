/**
 * Voice for one conversation, framework-free: the microphone into the capture worklet and out to the agent
 * as `bidi_audio_input` frames; the agent's answer audio into the playback worklet's ring buffer; barge-in
 * (the worklet cuts playback itself the moment it hears the user over an answer, the agent's
 * `bidi_interruption` cuts it too); a `playback_mark` for every answer saying how much of it was played. The
 * transcript needs nothing from here: a spoken exchange arrives as an ordinary turn.
 *
 * Subscribe/getSnapshot fit React's `useSyncExternalStore` (use-voice.ts).
 */
import type { VoiceLink } from "@interject/chat-client";
import {
  type AgentMessage,
  base64ToBytes,
  bytesToBase64,
  VOICE_OUTPUT_SAMPLE_RATES,
  type VoiceInputMode,
  type VoiceOutputSampleRate,
} from "@interject/protocol";
import { Resampler } from "@interject/speech/resampler";
import { type GetUserMedia, MicrophoneError, type MicrophoneProblem, openMicrophone } from "./microphone.ts";
import {
  CAPTURE_PROCESSOR,
  type CaptureCommand,
  type CaptureEvent,
  PLAYBACK_PROCESSOR,
  type PlaybackCommand,
  type PlaybackEvent,
} from "./worklet-messages.ts";

export type VoiceStatus = "off" | "starting" | "listening" | "thinking" | "speaking" | "error";

export interface VoiceState {
  status: VoiceStatus;
  mode: VoiceInputMode;
  muted: boolean;
  /** Push-to-talk is held. */
  talking: boolean;
  /** The microphone's level for the meter, 0 to 1. */
  level: number;
  error: { kind: MicrophoneProblem | "agent"; message: string } | null;
}

export const VOICE_OFF: VoiceState = {
  status: "off",
  mode: "open_mic",
  muted: false,
  talking: false,
  level: 0,
  error: null,
};

export interface VoiceControllerOptions {
  /** The worklet module's URL (from the app's own origin: the CSP allows scripts from 'self' only). */
  workletUrl: string;
  getUserMedia?: GetUserMedia;
}

/** The agent's answer being played. */
interface Answer {
  responseId: string;
  /** The rate the agent sent it at, and a resampler when the context plays at another. */
  rate: VoiceOutputSampleRate;
  resampler: Resampler | null;
  receivedSamples: number;
  /** Playback of it stopped (and its mark was sent). */
  stopped: boolean;
  /** The agent said it is complete (or cut it off): no more audio comes. */
  complete: boolean;
}

/** Level meter range: -60 dBFS is empty, -10 full. */
const METER_FLOOR_DB = -60;
const METER_SPAN_DB = 50;

export class VoiceController {
  private state: VoiceState = VOICE_OFF;
  private readonly listeners = new Set<() => void>();
  private context: AudioContext | null = null;
  private stream: MediaStream | null = null;
  private capture: AudioWorkletNode | null = null;
  private playback: AudioWorkletNode | null = null;
  /** The answer being played (the latest `bidi_response_start`), and the few before it, for their marks. */
  private answer: Answer | null = null;
  private readonly answers = new Map<string, Answer>();
  private unsubscribeMessages: (() => void) | null = null;
  private unsubscribeSession: (() => void) | null = null;
  private wasReady = false;
  private generation = 0;

  constructor(
    private readonly session: VoiceLink,
    private readonly options: VoiceControllerOptions,
  ) {}

  getSnapshot = (): VoiceState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get active(): boolean {
    return this.state.status !== "off" && this.state.status !== "error";
  }

  /** Opens the microphone and the audio graph, then turns voice on at the agent. */
  async start(mode: VoiceInputMode = this.state.mode): Promise<void> {
    if (this.active) return;
    const generation = ++this.generation;
    this.set({ ...VOICE_OFF, status: "starting", mode, muted: this.state.muted });
    try {
      const stream = await openMicrophone(this.options.getUserMedia);
      if (generation !== this.generation) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      this.stream = stream;
      const source = await this.createContext(stream);
      // The agent starts its engine (pocketsphinx takes a moment) while the worklets load; it keeps the
      // audio that arrives meanwhile.
      this.unsubscribeMessages = this.session.onAgentMessage((message) => this.onAgentMessage(message));
      this.wasReady = this.session.getSnapshot().connection.status === "ready";
      this.unsubscribeSession = this.session.subscribe(() => this.onConnection());
      this.sendStart();
      await this.buildGraph(source);
      if (generation !== this.generation) return;
    } catch (error) {
      if (generation !== this.generation) return;
      this.teardown();
      const failure =
        error instanceof MicrophoneError
          ? { kind: error.kind, message: error.message }
          : { kind: "failed" as const, message: `Voice could not start: ${(error as Error).message}` };
      this.set({ ...this.state, status: "error", error: failure, level: 0 });
      return;
    }
    this.updateListening();
  }

  /** Turns voice off: the agent stops any answer, the microphone is released. */
  stop(): void {
    this.generation++;
    if (this.active) this.session.sendVoice({ type: "voice_end" });
    this.stopPlayback();
    this.teardown();
    this.set({ ...VOICE_OFF, mode: this.state.mode, muted: this.state.muted });
  }

  setMuted(muted: boolean): void {
    this.set({ ...this.state, muted, level: muted ? 0 : this.state.level });
    this.updateListening();
  }

  setMode(mode: VoiceInputMode): void {
    if (mode === this.state.mode) return;
    this.set({ ...this.state, mode, talking: false });
    if (this.active) this.sendStart();
    this.updateListening();
  }

  /** Push-to-talk pressed: whatever the agent is saying stops, and the user's voice counts. */
  pressTalk(): void {
    if (!this.active || this.state.talking) return;
    this.stopPlayback();
    this.set({ ...this.state, talking: true });
    this.updateListening();
  }

  /** Push-to-talk released: the utterance is over now. */
  releaseTalk(): void {
    if (!this.state.talking) return;
    this.set({ ...this.state, talking: false });
    this.updateListening();
    this.session.sendVoice({ type: "utterance_end" });
  }

  /** Stops playing the answer now (Stop pressed); its mark follows from the worklet. */
  stopPlayback(): void {
    if (this.answer && !this.answer.stopped) this.post({ type: "stop" });
  }

  // ---- the audio graph -----------------------------------------------------------------------------------

  /** A context at 16 kHz where the browser can feed it the microphone (Chromium), else at the device's rate. */
  private async createContext(stream: MediaStream): Promise<MediaStreamAudioSourceNode> {
    let context = new AudioContext({ sampleRate: 16_000, latencyHint: "interactive" });
    let source: MediaStreamAudioSourceNode;
    try {
      source = context.createMediaStreamSource(stream);
    } catch {
      // A browser that cannot connect a microphone to a context at another rate (Firefox): the context
      // runs at the device's rate and the capture worklet resamples to 16 kHz with a proper filter.
      await context.close();
      context = new AudioContext({ latencyHint: "interactive" });
      source = context.createMediaStreamSource(stream);
    }
    this.context = context;
    return source;
  }

  private async buildGraph(source: MediaStreamAudioSourceNode): Promise<void> {
    const context = source.context as AudioContext;
    await context.audioWorklet.addModule(this.options.workletUrl);
    const capture = new AudioWorkletNode(context, CAPTURE_PROCESSOR, {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    const playback = new AudioWorkletNode(context, PLAYBACK_PROCESSOR, {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    capture.port.onmessage = (event: MessageEvent<CaptureEvent>) => this.onCapture(event.data);
    playback.port.onmessage = (event: MessageEvent<PlaybackEvent>) => this.onPlayback(event.data);
    source.connect(capture);
    // The capture node writes nothing; connected to the output it is pulled every render quantum.
    capture.connect(context.destination);
    playback.connect(context.destination);
    this.capture = capture;
    this.playback = playback;
    await context.resume();
  }

  private teardown(): void {
    this.unsubscribeMessages?.();
    this.unsubscribeSession?.();
    this.unsubscribeMessages = null;
    this.unsubscribeSession = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.capture?.disconnect();
    this.playback?.disconnect();
    this.capture = null;
    this.playback = null;
    void this.context?.close().catch(() => undefined);
    this.context = null;
    this.answer = null;
    this.answers.clear();
  }

  /** The rate the agent is asked to speak at: the context's own when the wire has it (no resampling). */
  private get outputRate(): VoiceOutputSampleRate {
    const rate = this.context?.sampleRate ?? 24_000;
    return (VOICE_OUTPUT_SAMPLE_RATES as readonly number[]).includes(rate)
      ? (rate as VoiceOutputSampleRate)
      : 24_000;
  }

  private sendStart(): void {
    this.session.sendVoice({ type: "voice_start", mode: this.state.mode, outputSampleRate: this.outputRate });
  }

  private updateListening(): void {
    const { muted, mode, talking } = this.state;
    const on = this.active && !muted && (mode === "open_mic" || talking);
    const command: CaptureCommand = { type: "listen", on };
    this.capture?.port.postMessage(command);
  }

  private get listening(): boolean {
    const { muted, mode, talking } = this.state;
    return this.active && !muted && (mode === "open_mic" || talking);
  }

  private post(command: PlaybackCommand, transfer: Transferable[] = []): void {
    this.playback?.port.postMessage(command, transfer);
  }

  // ---- events --------------------------------------------------------------------------------------------

  private onCapture(event: CaptureEvent): void {
    if (event.type === "barge_in") {
      if (this.state.status === "speaking") this.set({ ...this.state, status: "listening" });
      return;
    }
    if (!this.listening) return;
    const bytes = new Uint8Array(event.samples.buffer, event.samples.byteOffset, event.samples.byteLength);
    this.session.sendVoice({
      type: "bidi_audio_input",
      audio: bytesToBase64(bytes),
      format: "pcm",
      sample_rate: 16_000,
      channels: 1,
    });
    const level = Math.max(0, Math.min(1, (event.levelDbfs - METER_FLOOR_DB) / METER_SPAN_DB));
    // Smoothed, and published only when it moves visibly: the meter repaints, the transcript does not.
    const smoothed = this.state.level * 0.5 + level * 0.5;
    if (Math.abs(smoothed - this.state.level) >= 0.02) this.set({ ...this.state, level: smoothed });
  }

  private onPlayback(event: PlaybackEvent): void {
    const answer = this.answers.get(event.responseId);
    if (!answer || answer.stopped) return;
    answer.stopped = true;
    const contextRate = this.context?.sampleRate ?? answer.rate;
    this.session.sendVoice({
      type: "playback_mark",
      responseId: answer.responseId,
      playedSamples: Math.min(answer.receivedSamples, Math.round((event.played * answer.rate) / contextRate)),
      sampleRate: answer.rate,
      reason: event.reason,
    });
    if (this.active && answer === this.answer) this.set({ ...this.state, status: "listening" });
  }

  private onAgentMessage(message: AgentMessage): void {
    switch (message.type) {
      case "bidi_connection_start":
        if (this.state.status === "starting") this.set({ ...this.state, status: "listening" });
        return;
      case "bidi_connection_close":
        if (message.reason === "error") {
          this.teardown();
          this.set({
            ...this.state,
            status: "error",
            level: 0,
            error: this.state.error ?? { kind: "agent", message: "The agent ended the voice conversation." },
          });
        }
        return;
      case "bidi_error":
        this.set({ ...this.state, error: { kind: "agent", message: message.message } });
        return;
      case "bidi_transcript_stream":
        if (message.role === "user" && message.is_final && this.state.status === "listening") {
          this.set({ ...this.state, status: "thinking" });
        }
        return;
      case "bidi_response_start":
        this.answer = {
          responseId: message.response_id,
          rate: this.outputRate,
          resampler: null,
          receivedSamples: 0,
          stopped: false,
          complete: false,
        };
        this.answers.set(message.response_id, this.answer);
        for (const id of this.answers.keys()) {
          if (this.answers.size <= 4) break;
          this.answers.delete(id);
        }
        this.post({ type: "start", responseId: message.response_id });
        if (this.state.status !== "starting") this.set({ ...this.state, status: "thinking" });
        return;
      case "bidi_audio_stream":
        this.play(message.audio, message.sample_rate);
        return;
      case "bidi_interruption":
        this.stopPlayback();
        return;
      case "bidi_response_complete": {
        const answer = this.answers.get(message.response_id);
        if (!answer || answer !== this.answer) return;
        answer.complete = true;
        if (answer.receivedSamples === 0 && !answer.stopped) {
          // Nothing was played: say so, rather than leave the agent waiting for a mark.
          answer.stopped = true;
          this.session.sendVoice({
            type: "playback_mark",
            responseId: answer.responseId,
            playedSamples: 0,
            sampleRate: answer.rate,
            reason: message.stop_reason === "complete" ? "finished" : "interrupted",
          });
          if (this.active) this.set({ ...this.state, status: "listening" });
          return;
        }
        const tail = answer.resampler?.flush();
        if (tail && tail.length > 0) this.append(tail);
        this.post({ type: "end" });
        return;
      }
      default:
        return;
    }
  }

  private play(base64: string, rate: VoiceOutputSampleRate): void {
    const answer = this.answer;
    if (!answer || answer.stopped || answer.complete || !this.context) return;
    const bytes = base64ToBytes(base64);
    const samples = new Int16Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 2));
    answer.rate = rate;
    answer.receivedSamples += samples.length;
    const contextRate = this.context.sampleRate;
    if (rate !== contextRate) answer.resampler ??= new Resampler(rate, contextRate);
    this.append(answer.resampler ? answer.resampler.push(samples) : samples);
    if (this.state.status !== "speaking") this.set({ ...this.state, status: "speaking" });
  }

  private append(samples: Int16Array): void {
    const floats = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / 32768;
    this.post({ type: "append", samples: floats }, [floats.buffer]);
  }

  /** After a reconnect the agent has forgotten this socket's voice: turn it on again. A conversation that
   * ended for good turns voice off. */
  private onConnection(): void {
    const { status } = this.session.getSnapshot().connection;
    if (status === "failed" && this.active) {
      // The conversation ended for good (signed out, deleted): the microphone is released.
      this.stop();
      return;
    }
    const ready = status === "ready";
    if (ready && !this.wasReady && this.active) {
      this.stopPlayback();
      this.sendStart();
    }
    this.wasReady = ready;
  }

  private set(state: VoiceState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

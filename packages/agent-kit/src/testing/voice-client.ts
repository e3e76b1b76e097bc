/**
 * Test support: a voice client over a real socket that behaves as the browser does. It sends the user's
 * audio as 40 ms `bidi_audio_input` frames in real time, "plays" the answers' audio on a real-time clock
 * (a playhead that advances while audio is queued), stops playback at once when the agent sends
 * `bidi_interruption` or when its own voice activity detector hears the user start speaking over the answer
 * (the browser's barge-in, with the half-duplex gate closed while it plays and what it plays as the echo
 * reference), and sends `playback_mark`s saying how much of each answer was played. `onPlayed` hears every
 * sample as it is played (silence included), so a test can put the answer's echo into the microphone. Used
 * by the kit's voice tests and the voice benchmark.
 */
import {
  type AgentMessage,
  AUDIO_INPUT_FRAME_MS,
  bytesToBase64,
  parseAgentMessage,
  type VoiceInputMode,
  type VoiceOutputSampleRate,
} from "@interject/protocol";
import { base64ToPcm16, PlaybackLevel, VoiceActivityDetector } from "@interject/speech";
import type { TestClient } from "./agent-server.ts";
import { until } from "./fake-socket.ts";

export interface PlayedAnswer {
  responseId: string;
  /** performance.now() when the first audio of the answer arrived, and when playback stopped. */
  firstAudioAt: number | null;
  stoppedAt: number | null;
  receivedSamples: number;
  playedSamples: number;
  /** How playback ended: all of it played, or cut off. */
  ended: "finished" | "interrupted" | null;
  /** Who stopped it: the agent's `bidi_interruption`, or this client hearing the user speak. */
  stoppedBy: "agent" | "client" | null;
}

const FRAME = (16_000 * AUDIO_INPUT_FRAME_MS) / 1000;
/** One Web Audio render quantum (128 samples) of a 16 kHz context, in ms: the browser's barge-in cuts
 * playback in the quantum its capture worklet's detector decides in. */
const RENDER_QUANTUM_MS = (128 * 1000) / 16_000;

export class VoiceTestClient {
  readonly answers: PlayedAnswer[] = [];
  /** Every frame received, raw, with its arrival time (frame sizes and rates are checked from these). */
  readonly frames: Array<{ at: number; bytes: number; type: string }> = [];
  /** Audio frames sent, with their send time. */
  readonly sent: number[] = [];
  private current: PlayedAnswer | null = null;
  private responseDone = false;
  private lastAdvance = 0;
  private readonly vad = new VoiceActivityDetector();
  /** What is being played, as the echo reference (the browser's playback worklet keeps the same). */
  private readonly reference = new PlaybackLevel();
  /** The current answer's audio as received (what the playhead plays from). */
  private audio = new Int16Array(0);
  private audioLength = 0;
  private readonly ticker: NodeJS.Timeout;
  /** Samples of the user's audio sent so far (the clock of `speechStartedAt`). */
  samplesSent = 0;
  /** Whether this client hears the user speaking over an answer and cuts it off itself (as the browser). */
  clientBargeIn = true;
  /** Every sample played, in order and in real time (silence while nothing plays), at the output rate. */
  onPlayed: ((samples: Int16Array) => void) | null = null;

  constructor(
    readonly client: TestClient,
    readonly outputSampleRate: VoiceOutputSampleRate = 24_000,
    private readonly now: () => number = () => performance.now(),
  ) {
    client.ws.on("message", (data: Buffer) => this.onFrame(data.toString()));
    this.ticker = setInterval(() => this.advance(), 10);
    this.ticker.unref();
  }

  /** Turns voice on and waits for the agent's `bidi_connection_start` (or its refusal). */
  async start(mode: VoiceInputMode = "open_mic"): Promise<AgentMessage> {
    const before = this.client.messages.length;
    this.client.send({ type: "voice_start", mode, outputSampleRate: this.outputSampleRate });
    await until(
      () =>
        this.client.messages
          .slice(before)
          .some((m) => m.type === "bidi_connection_start" || m.type === "bidi_connection_close"),
      "voice start",
    );
    const reply = this.client.messages
      .slice(before)
      .find((m) => m.type === "bidi_connection_start" || m.type === "bidi_connection_close");
    if (!reply) throw new Error("no answer to voice_start");
    return reply;
  }

  /**
   * Sends `samples` (16 kHz PCM16) as 40 ms frames, one every 40 ms (real time). `realTime: false` sends
   * them as fast as the socket takes them.
   */
  async speak(samples: Int16Array, options: { realTime?: boolean } = {}): Promise<void> {
    const realTime = options.realTime ?? true;
    const started = this.now();
    for (let at = 0, frame = 0; at < samples.length; at += FRAME, frame++) {
      const chunk = samples.subarray(at, at + FRAME);
      if (realTime) {
        const due = started + (frame + 1) * AUDIO_INPUT_FRAME_MS;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - this.now())));
      }
      this.send(chunk);
    }
  }

  /** One audio frame now. */
  send(chunk: Int16Array): void {
    const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.client.send({
      type: "bidi_audio_input",
      audio: bytesToBase64(bytes),
      format: "pcm",
      sample_rate: 16_000,
      channels: 1,
    });
    this.sent.push(this.now());
    this.samplesSent += chunk.length;
    this.advance();
    this.vad.setGate(this.playing);
    this.vad.setEchoReference(this.reference.levelDbfs);
    for (const event of this.vad.push(chunk)) {
      if (event.type === "speech_start" && this.playing && this.clientBargeIn) {
        // The browser decides in its capture worklet, within a render quantum of the deciding sample, not
        // when a 40 ms frame is complete: playback stopped when that sample was captured (this frame's last
        // sample is being captured now).
        const decidedAt = this.now() - ((this.samplesSent - event.atSample) * 1000) / 16_000;
        this.stop("client", decidedAt + RENDER_QUANTUM_MS);
      }
    }
  }

  /** Whether answer audio is playing now. */
  get playing(): boolean {
    const answer = this.current;
    return answer !== null && answer.ended === null && answer.receivedSamples > answer.playedSamples;
  }

  /** The answer with this response id, once its audio started. */
  answer(responseId: string): PlayedAnswer | undefined {
    return this.answers.find((a) => a.responseId === responseId);
  }

  close(): void {
    clearInterval(this.ticker);
  }

  private onFrame(text: string): void {
    const at = this.now();
    const parsed = parseAgentMessage(text);
    if (!parsed.ok) return;
    const message = parsed.value;
    this.frames.push({ at, bytes: Buffer.byteLength(text), type: message.type });
    this.advance();
    switch (message.type) {
      case "bidi_response_start":
        this.current = {
          responseId: message.response_id,
          firstAudioAt: null,
          stoppedAt: null,
          receivedSamples: 0,
          playedSamples: 0,
          ended: null,
          stoppedBy: null,
        };
        this.answers.push(this.current);
        this.audioLength = 0;
        this.responseDone = false;
        this.lastAdvance = at;
        return;
      case "bidi_audio_stream": {
        const answer = this.current;
        if (!answer || answer.ended !== null) return;
        if (answer.receivedSamples === answer.playedSamples) this.lastAdvance = at;
        answer.firstAudioAt ??= at;
        const samples = base64ToPcm16(message.audio);
        this.keep(samples);
        answer.receivedSamples += samples.length;
        return;
      }
      case "bidi_interruption":
        if (this.current && this.current.ended === null) this.stop("agent");
        return;
      case "bidi_response_complete":
        if (this.current?.responseId === message.response_id) this.responseDone = true;
        this.advance();
        return;
      default:
        return;
    }
  }

  /** Moves the playhead to now; sends `finished` once a complete answer has played to its end. */
  private advance(): void {
    const answer = this.current;
    const now = this.now();
    const elapsed = Math.max(0, now - this.lastAdvance);
    const due = Math.floor((elapsed * this.outputSampleRate) / 1000);
    if (!answer || answer.ended !== null) {
      this.lastAdvance = now;
      this.played(new Int16Array(due));
      return;
    }
    const queued = answer.receivedSamples - answer.playedSamples;
    const from = answer.playedSamples;
    answer.playedSamples += Math.min(queued, due);
    this.lastAdvance = now;
    // The playhead's samples, then silence for the rest of the time (an underrun plays silence).
    this.played(this.audio.slice(from, answer.playedSamples));
    if (due > answer.playedSamples - from) this.played(new Int16Array(due - (answer.playedSamples - from)));
    if (this.responseDone && answer.playedSamples >= answer.receivedSamples) {
      answer.ended = "finished";
      answer.stoppedAt = now;
      this.mark(answer);
    }
  }

  private played(samples: Int16Array): void {
    if (samples.length === 0) return;
    this.reference.push(samples, this.outputSampleRate);
    this.onPlayed?.(samples);
  }

  private keep(samples: Int16Array): void {
    if (this.audioLength + samples.length > this.audio.length) {
      const grown = new Int16Array(Math.max(this.audio.length * 2, this.audioLength + samples.length));
      grown.set(this.audio.subarray(0, this.audioLength));
      this.audio = grown;
    }
    this.audio.set(samples, this.audioLength);
    this.audioLength += samples.length;
  }

  /** Stops playback, as of `at` (a moment up to one frame ago, when the client's own detector decided). */
  private stop(by: "agent" | "client", at = this.now()): void {
    const answer = this.current;
    if (!answer || answer.ended !== null) return;
    this.advance();
    if (answer.ended !== null) return;
    // What the playhead moved past after `at` was never heard: it does not count as played.
    const after = Math.max(0, this.lastAdvance - at);
    answer.playedSamples = Math.max(
      0,
      answer.playedSamples - Math.floor((after * this.outputSampleRate) / 1000),
    );
    answer.ended = "interrupted";
    answer.stoppedBy = by;
    answer.stoppedAt = Math.min(at, this.lastAdvance);
    this.mark(answer);
  }

  private mark(answer: PlayedAnswer): void {
    this.client.send({
      type: "playback_mark",
      responseId: answer.responseId,
      playedSamples: answer.playedSamples,
      sampleRate: this.outputSampleRate,
      reason: answer.ended === "finished" ? "finished" : "interrupted",
    });
  }
}

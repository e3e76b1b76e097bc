/**
 * The AudioWorklet module (served from the app's own origin, as the CSP requires): two processors in one
 * scope, so the capture side can cut playback within the same render quantum.
 *
 * - Capture: the microphone at the context's rate becomes 16 kHz PCM16 frames for the wire; while an answer
 *   plays, @interject/speech's voice activity detector (with its half-duplex gate closed: only speech louder
 *   than the answer's echo counts, the echo judged against what playback is playing) listens for the user
 *   starting to speak, and cuts playback at once (barge-in).
 * - Playback: a ring buffer of the answer's audio, cleared at once on barge-in; it counts the samples it
 *   played, which the page reports to the agent as the playback mark, and keeps the level of what it played
 *   as the capture side's echo reference.
 */
import { PlaybackLevel, VoiceActivityDetector } from "@interject/speech/vad";
import { CaptureFramer } from "./capture-framer.ts";
import { PlaybackRing } from "./playback-ring.ts";
import {
  CAPTURE_PROCESSOR,
  type CaptureCommand,
  type CaptureEvent,
  PLAYBACK_PROCESSOR,
  type PlaybackCommand,
  type PlaybackEvent,
} from "./worklet-messages.ts";

// The AudioWorkletGlobalScope's names (TypeScript's DOM library does not have them).
declare const sampleRate: number;
declare const currentTime: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(
  name: string,
  processor: new (
    options?: unknown,
  ) => AudioWorkletProcessor & {
    process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean;
  },
): void;

/** Shared by both processors: they run in the same scope, on the same audio thread. */
const shared = { playing: false, cut: false, played: new PlaybackLevel() };

/** Seconds of answer audio the ring holds (the agent sends at most 1.5 s ahead of playback). */
const RING_SECONDS = 30;

class CaptureProcessor extends AudioWorkletProcessor {
  private readonly framer = new CaptureFramer(sampleRate);
  private readonly vad = new VoiceActivityDetector();
  private listening = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<CaptureCommand>) => {
      if (event.data.type === "listen") this.listening = event.data.on;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    if (!input) return true;
    const { samples, frames } = this.framer.push(input);
    if (this.listening) {
      this.vad.setGate(shared.playing);
      this.vad.setEchoReference(shared.played.levelDbfs);
      for (const event of this.vad.push(samples)) {
        if (event.type === "speech_start" && shared.playing) {
          shared.cut = true;
          this.post({ type: "barge_in", at: currentTime });
        }
      }
    }
    for (const frame of frames) this.post({ type: "frame", ...frame }, [frame.samples.buffer]);
    return true;
  }

  private post(message: CaptureEvent, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }
}

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly ring = new PlaybackRing(Math.ceil(sampleRate * RING_SECONDS));
  private responseId: string | null = null;
  private ended = false;

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<PlaybackCommand>) => this.command(event.data);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (shared.cut) {
      shared.cut = false;
      this.stop("interrupted");
    }
    const output = outputs[0];
    const first = output?.[0];
    if (first) {
      this.ring.read(first);
      shared.played.push(first, sampleRate);
      for (let c = 1; c < (output?.length ?? 0); c++) output?.[c]?.set(first);
    }
    shared.playing = this.ring.queued > 0;
    if (this.responseId !== null && this.ended && this.ring.queued === 0) this.stop("finished");
    return true;
  }

  private command(command: PlaybackCommand): void {
    switch (command.type) {
      case "start":
        this.stop("interrupted");
        this.responseId = command.responseId;
        this.ended = false;
        this.ring.reset();
        return;
      case "append":
        if (this.responseId !== null) this.ring.append(command.samples);
        shared.playing = this.ring.queued > 0;
        return;
      case "end":
        this.ended = true;
        return;
      case "stop":
        this.stop("interrupted");
        return;
    }
  }

  private stop(reason: PlaybackEvent["reason"]): void {
    const responseId = this.responseId;
    if (responseId === null) return;
    const message: PlaybackEvent = {
      type: "stopped",
      responseId,
      played: this.ring.played,
      reason,
      at: currentTime,
    };
    this.responseId = null;
    this.ended = false;
    this.ring.reset();
    shared.playing = false;
    this.port.postMessage(message);
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
registerProcessor(PLAYBACK_PROCESSOR, PlaybackProcessor);

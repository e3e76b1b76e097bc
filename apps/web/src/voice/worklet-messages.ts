/**
 * What the page and the voice worklets (voice-worklet.ts) say to each other over their message ports, named
 * once for both sides.
 */

export const CAPTURE_PROCESSOR = "interject-capture";
export const PLAYBACK_PROCESSOR = "interject-playback";

/** Page to capture: whether the user's voice counts now (not muted; push-to-talk held or open microphone). */
export type CaptureCommand = { type: "listen"; on: boolean };

export type CaptureEvent =
  /** 40 ms of the microphone at 16 kHz, with its level. */
  | { type: "frame"; samples: Int16Array; levelDbfs: number }
  /** The user started speaking while an answer played: playback was cut in the audio thread already. */
  | { type: "barge_in"; at: number };

export type PlaybackCommand =
  /** An answer starts (any answer still playing is cut off first). */
  | { type: "start"; responseId: string }
  /** More of its audio, at the context's rate. */
  | { type: "append"; samples: Float32Array }
  /** No more audio comes for it: once played out, it has finished. */
  | { type: "end" }
  /** Cut it off now (the agent's barge-in, Stop, voice off). */
  | { type: "stop" };

export type PlaybackEvent = {
  type: "stopped";
  responseId: string;
  /** Samples played, at the context's rate: what the user heard. */
  played: number;
  reason: "finished" | "interrupted";
  /** The audio clock (seconds) when it stopped. */
  at: number;
};

/** Voice activity detection on speech made by espeak-ng, in silence, in noise, and behind the gate. */
import { describe, expect, it } from "vitest";
import { concatPcm16, levelDbfs } from "./pcm.ts";
import { gain, mix, noise, silence, spoken } from "./testing/spoken-audio.ts";
import { PlaybackLevel, type VadEvent, VoiceActivityDetector } from "./vad.ts";

const MS = 16; // samples per millisecond at 16 kHz

/** Where speech really is in a clip: the first and last 10 ms frame above -45 dBFS. */
function speechBounds(samples: Int16Array): { start: number; end: number } {
  let start = -1;
  let end = -1;
  for (let i = 0; i + 160 <= samples.length; i += 160) {
    if (levelDbfs(samples.subarray(i, i + 160)) > -45) {
      if (start < 0) start = i;
      end = i + 160;
    }
  }
  return { start, end };
}

/** Pushes audio in 20 ms pieces, as a browser would send it. */
function run(vad: VoiceActivityDetector, audio: Int16Array): VadEvent[] {
  const events: VadEvent[] = [];
  for (let i = 0; i < audio.length; i += 320) events.push(...vad.push(audio.subarray(i, i + 320)));
  return events;
}

const utterance = spoken("what time is it");
const bounds = speechBounds(utterance);
/** An answer the client plays: the echo reference, and (scaled and delayed) the echo in the microphone. */
const answer = spoken(
  "Interject puts agents in front of people in a browser. It streams the answer as it is written, shows " +
    "what the agent is doing, and lets you stop it at any time.",
);

/**
 * Plays `answer` while the microphone hears a quiet room, the answer's echo (`echoDb` below the played level,
 * 40 ms late; null: none, as with perfect echo cancellation) and `user` from `userAt` (samples). The gate is
 * closed while the answer plays; with `reference`, the detector is given the echo reference.
 */
function overAnswer(options: {
  echoDb: number | null;
  user?: Int16Array;
  userAt?: number;
  reference: boolean;
}): VadEvent[] {
  let mic = noise(answer.length / MS + 500, -65, 11);
  if (options.echoDb !== null) mic = mix(mic, gain(answer, options.echoDb), 40 * MS);
  if (options.user) mic = mix(mic, options.user, options.userAt ?? 0);
  const vad = new VoiceActivityDetector();
  const played = new PlaybackLevel();
  const events: VadEvent[] = [];
  for (let i = 0; i < mic.length; i += 128) {
    played.push(
      answer.subarray(i, i + 128).length > 0 ? answer.subarray(i, i + 128) : new Int16Array(128),
      16_000,
    );
    vad.setGate(i < answer.length);
    if (options.reference) vad.setEchoReference(played.levelDbfs);
    events.push(...vad.push(mic.subarray(i, i + 128)));
  }
  return events;
}

describe("VoiceActivityDetector", () => {
  it("finds one utterance in silence, its start and end within 30 ms, the end decided one hangover later", () => {
    const lead = 500 * MS;
    const events = run(new VoiceActivityDetector(), concatPcm16([silence(500), utterance, silence(1000)]));
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
    const [start, end] = events;
    if (start?.type !== "speech_start" || end?.type !== "speech_end") throw new Error("unreachable");
    expect(Math.abs(start.startSample - (lead + bounds.start))).toBeLessThanOrEqual(30 * MS);
    expect(start.atSample - start.startSample).toBeLessThanOrEqual(100 * MS);
    expect(Math.abs(end.endSample - (lead + bounds.end))).toBeLessThanOrEqual(30 * MS);
    expect(end.atSample - end.endSample).toBe(300 * MS);
  });

  it("hears nothing in silence, in steady noise, or in a short click", () => {
    expect(run(new VoiceActivityDetector(), silence(3000))).toEqual([]);
    expect(run(new VoiceActivityDetector(), noise(5000, -35))).toEqual([]);
    expect(run(new VoiceActivityDetector(), noise(5000, -60))).toEqual([]);
    const click = concatPcm16([silence(1000), noise(30, -10), silence(1000)]);
    expect(run(new VoiceActivityDetector(), mix(click, noise(2030, -60, 7)))).toEqual([]);
  });

  it("finds speech in steady noise 15 dB below it", () => {
    const level = levelDbfs(utterance.subarray(bounds.start, bounds.end));
    const clip = concatPcm16([silence(1500), utterance, silence(1000)]);
    const noisy = mix(clip, noise(1500 + utterance.length / MS + 1000, level - 15, 3));
    const events = run(new VoiceActivityDetector(), noisy);
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
    const start = events[0];
    expect(
      start?.type === "speech_start" && Math.abs(start.startSample - (1500 * MS + bounds.start)),
    ).toBeLessThan(60 * MS);
  });

  it("keeps two utterances apart when the pause is longer than the hangover", () => {
    const two = concatPcm16([silence(300), utterance, silence(800), spoken("hello"), silence(2000)]);
    expect(run(new VoiceActivityDetector(), two).map((e) => e.type)).toEqual([
      "speech_start",
      "speech_end",
      "speech_start",
      "speech_end",
    ]);
    const short = new VoiceActivityDetector({ hangoverMs: 1500 });
    expect(run(short, two).map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
  });

  it("with the half-duplex gate closed, ignores speech as quiet as an echo but hears the user speaking up", () => {
    const quiet = concatPcm16([silence(500), gain(utterance, -25), silence(800)]);
    const open = new VoiceActivityDetector();
    expect(run(open, mix(quiet, noise(3000, -65, 5))).map((e) => e.type)).toEqual([
      "speech_start",
      "speech_end",
    ]);
    const gated = new VoiceActivityDetector();
    gated.setGate(true);
    expect(gated.gateClosed).toBe(true);
    expect(run(gated, mix(quiet, noise(3000, -65, 5)))).toEqual([]);
    expect(run(gated, concatPcm16([silence(500), utterance, silence(800)])).map((e) => e.type)).toEqual([
      "speech_start",
      "speech_end",
    ]);
  });

  it("behind the gate decides sooner (barge-in), yet a click is still not speech", () => {
    const lead = 500 * MS;
    const decide = (options: { gatedOnsetMs?: number }, gate: boolean) => {
      const vad = new VoiceActivityDetector(options);
      vad.setGate(gate);
      const start = run(vad, concatPcm16([silence(500), utterance, silence(800)]))[0];
      if (start?.type !== "speech_start") throw new Error("no speech found");
      return start.atSample - lead - bounds.start;
    };
    // The gate needs louder frames (so it may start later in the word), but fewer of them.
    expect(decide({}, true)).toBeLessThanOrEqual(90 * MS);
    expect(decide({ gatedOnsetMs: 60 }, true) - decide({}, true)).toBe(20 * MS);
    expect(decide({}, false)).toBeLessThanOrEqual(80 * MS);
    const click = concatPcm16([silence(1000), noise(30, -10), silence(1000)]);
    const gated = new VoiceActivityDetector();
    gated.setGate(true);
    expect(run(gated, mix(click, noise(2030, -60, 7)))).toEqual([]);
  });

  it("ends an utterance at once when told (push-to-talk released)", () => {
    const vad = new VoiceActivityDetector();
    const events = run(vad, concatPcm16([silence(300), utterance]));
    expect(events.map((e) => e.type)).toEqual(["speech_start"]);
    expect(vad.inSpeech).toBe(true);
    const end = vad.end();
    expect(end?.type).toBe("speech_end");
    expect(vad.inSpeech).toBe(false);
    expect(vad.end()).toBeNull();
  });

  it("with an echo reference, learns how loud the echo is and ignores one louder than the fixed gate", () => {
    // Loud speakers and no echo cancellation: the echo is 15 dB below what is played, louder than the
    // fixed gate's -32 dBFS. While the coupling is being learned (the first half second) the fixed gate
    // applies; after that, the echo is never speech. Without the reference the echo barges in again and again.
    const after = (events: VadEvent[]) =>
      events.filter((e) => e.type === "speech_start" && e.startSample > 1000 * MS);
    expect(after(overAnswer({ echoDb: -15, reference: true }))).toEqual([]);
    expect(after(overAnswer({ echoDb: -15, reference: false })).length).toBeGreaterThan(0);
    // And the user speaking up over that echo still barges in.
    const userAt = 3000 * MS;
    const heard = after(overAnswer({ echoDb: -15, reference: true, user: gain(utterance, 6), userAt }));
    expect(heard).toHaveLength(1);
    expect(heard[0]?.type === "speech_start" && heard[0].atSample - userAt - bounds.start).toBeLessThan(
      150 * MS,
    );
  });

  it("with an echo reference and a quiet echo, a soft first sound barges in at once", () => {
    // "thanks" begins with a soft "th" (about -42 dBFS for 80 ms). With the echo known to be quiet (here:
    // none, as with good echo cancellation) that sound is enough; the fixed gate waits for the vowel.
    const thanks = spoken("thanks");
    const soft = speechBounds(thanks);
    const userAt = 2000 * MS;
    const decided = (reference: boolean) => {
      const start = overAnswer({ echoDb: null, reference, user: thanks, userAt }).find(
        (e) => e.type === "speech_start",
      );
      if (start?.type !== "speech_start") throw new Error("no speech found");
      return (start.atSample - userAt - soft.start) / MS;
    };
    expect(decided(true)).toBeLessThanOrEqual(60);
    expect(decided(false)).toBeGreaterThanOrEqual(100);
  });

  it("the playback level is the loudest 10 ms of the echo tail, and falls once the tail has passed", () => {
    const level = new PlaybackLevel(300);
    expect(level.levelDbfs).toBe(Number.NEGATIVE_INFINITY);
    // A 48 kHz float tone at -20 dBFS RMS, in render quanta of 128 samples.
    const tone = Float32Array.from(
      { length: 4800 },
      (_, i) => 0.1 * Math.SQRT2 * Math.sin((2 * Math.PI * 440 * i) / 48_000),
    );
    for (let i = 0; i < tone.length; i += 128) level.push(tone.subarray(i, i + 128), 48_000);
    expect(level.levelDbfs).toBeCloseTo(-20, 0);
    level.push(new Float32Array(48 * 250), 48_000);
    expect(level.levelDbfs).toBeCloseTo(-20, 0);
    level.push(new Float32Array(48 * 60), 48_000);
    expect(level.levelDbfs).toBeLessThan(-100);
    // PCM16 reads the same as floats.
    const pcm = new PlaybackLevel(300);
    pcm.push(
      Int16Array.from(tone, (x) => Math.round(x * 32767)),
      48_000,
    );
    expect(pcm.levelDbfs).toBeCloseTo(-20, 0);
  });
});

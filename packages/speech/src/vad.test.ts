/** Voice activity detection on speech made by espeak-ng, in silence, in noise, and behind the gate. */
import { describe, expect, it } from "vitest";
import { concatPcm16, levelDbfs } from "./pcm.ts";
import { gain, mix, noise, silence, spoken } from "./testing/spoken-audio.ts";
import { type VadEvent, VoiceActivityDetector } from "./vad.ts";

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
});

/** Speech to text with the real pocketsphinx on utterances spoken by espeak-ng at run time. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MissingSpeechProgramError } from "./errors.ts";
import { OFFLINE_PHRASES } from "./offline-phrases.ts";
import { concatPcm16 } from "./pcm.ts";
import { PocketsphinxRecognizer } from "./pocketsphinx-recognizer.ts";
import { silence, spoken } from "./testing/spoken-audio.ts";

/** Writes an utterance in 20 ms pieces, as the engine does while the user speaks. */
async function recognise(recognizer: PocketsphinxRecognizer, audio: Int16Array) {
  const utterance = recognizer.begin();
  for (let i = 0; i < audio.length; i += 320) utterance.write(audio.subarray(i, i + 320));
  return utterance.end();
}

describe("PocketsphinxRecognizer", () => {
  let recognizer: PocketsphinxRecognizer;
  beforeAll(async () => {
    recognizer = await PocketsphinxRecognizer.start({ phrases: OFFLINE_PHRASES, resultTimeoutMs: 1500 });
  });
  afterAll(() => recognizer.close());

  it("hears the offline model's phrases word for word, one warm process for many utterances", async () => {
    for (const phrase of [
      "what time is it",
      "tell me about interruption",
      "my name is alice",
      "what is forty two plus six",
      "explain resume in detail",
    ]) {
      const result = await recognise(recognizer, concatPcm16([silence(200), spoken(phrase), silence(200)]));
      expect(result.text).toBe(phrase);
      expect(result.words.map((w) => w.word).join(" ")).toBe(phrase);
      expect(result.words[0]?.startMs).toBeGreaterThanOrEqual(0);
    }
  });

  it("gives nothing for an utterance without speech (after waiting for it), and the next utterance still gets its own words", async () => {
    const empty = await recognise(recognizer, silence(400));
    expect(empty.text).toBe("");
    const next = await recognise(recognizer, spoken("what is the time"));
    expect(next.text).toBe("what is the time");
  });

  it("drops the words of a cancelled utterance", async () => {
    const cancelled = recognizer.begin();
    cancelled.write(spoken("hello"));
    cancelled.cancel();
    expect((await recognise(recognizer, spoken("thank you"))).text).toBe("thank you");
  });

  it("takes one utterance at a time", () => {
    const first = recognizer.begin();
    expect(() => recognizer.begin()).toThrow(/one utterance at a time/);
    first.cancel();
  });
});

describe("a missing pocketsphinx", () => {
  it("fails at start with the Debian package to install", async () => {
    const start = PocketsphinxRecognizer.start({
      phrases: OFFLINE_PHRASES,
      program: "/nonexistent/pocketsphinx_continuous",
    });
    await expect(start).rejects.toThrow(MissingSpeechProgramError);
    await expect(start).rejects.toThrow(/apt-get install pocketsphinx/);
    await expect(
      PocketsphinxRecognizer.start({ phrases: OFFLINE_PHRASES, acousticModel: "/nonexistent" }),
    ).rejects.toThrow(/pocketsphinx-en-us/);
  });
});

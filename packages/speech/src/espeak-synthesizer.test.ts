/** Text to speech with the real espeak-ng: the right rate and length, understood by pocketsphinx, cancellable. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { MissingSpeechProgramError } from "./errors.ts";
import { EspeakSynthesizer } from "./espeak-synthesizer.ts";
import { OFFLINE_PHRASES } from "./offline-phrases.ts";
import { concatPcm16 } from "./pcm.ts";
import { PocketsphinxRecognizer } from "./pocketsphinx-recognizer.ts";
import { resample } from "./resampler.ts";
import { readWav } from "./wav.ts";

async function collect(chunks: AsyncIterable<Int16Array>): Promise<Int16Array> {
  const out: Int16Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return concatPcm16(out);
}

describe("EspeakSynthesizer", () => {
  it("speaks at the rate asked for: espeak's 22,050 Hz output resampled, sample for sample", async () => {
    const native = readWav(
      execFileSync("espeak-ng", ["-v", "en-us", "-s", "175", "--stdout", "--stdin"], {
        input: "Hello there.",
      }),
    );
    for (const rate of [16_000, 24_000]) {
      const synthesizer = new EspeakSynthesizer({ sampleRate: rate });
      const audio = await collect(synthesizer.synthesize("Hello there."));
      await synthesizer.close();
      expect(synthesizer.sampleRate).toBe(rate);
      expect(audio.length).toBe(resample(native.samples, 22_050, rate).length);
    }
  });

  it("says what it is given, as pocketsphinx hears it", async () => {
    const synthesizer = new EspeakSynthesizer({ sampleRate: 16_000 });
    const recognizer = await PocketsphinxRecognizer.start({ phrases: OFFLINE_PHRASES });
    try {
      for (const text of ["What time is it?", "Tell me about traces."]) {
        const utterance = recognizer.begin();
        for await (const chunk of synthesizer.synthesize(text)) utterance.write(chunk);
        expect((await utterance.end()).text).toBe(text.toLowerCase().replace(/[?.]/g, ""));
      }
    } finally {
      await Promise.all([synthesizer.close(), recognizer.close()]);
    }
  });

  it("stops at once when aborted: no audio after the abort, the rest never made", async () => {
    const synthesizer = new EspeakSynthesizer({ sampleRate: 24_000 });
    const long = "This sentence goes on and on. ".repeat(40);
    const whole = (await collect(synthesizer.synthesize(long))).length;
    const controller = new AbortController();
    let after = 0;
    let got = 0;
    for await (const chunk of synthesizer.synthesize(long, controller.signal)) {
      if (controller.signal.aborted) after += chunk.length;
      got += chunk.length;
      controller.abort();
    }
    await synthesizer.close();
    expect(after).toBe(0);
    expect(got).toBeLessThan(whole / 4);
  });

  it("says nothing for empty text and refuses to work once closed", async () => {
    const synthesizer = new EspeakSynthesizer({ sampleRate: 16_000 });
    expect((await collect(synthesizer.synthesize("   "))).length).toBe(0);
    await synthesizer.close();
    await expect(collect(synthesizer.synthesize("hello"))).rejects.toThrow(/closed/);
  });

  it("names the Debian package when espeak-ng is missing", () => {
    expect(() => new EspeakSynthesizer({ sampleRate: 16_000, program: "/nonexistent/espeak-ng" })).toThrow(
      MissingSpeechProgramError,
    );
    expect(() => new EspeakSynthesizer({ sampleRate: 16_000, program: "/nonexistent/espeak-ng" })).toThrow(
      /apt-get install espeak-ng/,
    );
  });
});

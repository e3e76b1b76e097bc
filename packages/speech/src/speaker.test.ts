/** Speaking streamed text: the voice starts before the text is finished, and what was heard is kept. */
import { describe, expect, it } from "vitest";
import { EspeakSynthesizer } from "./espeak-synthesizer.ts";
import { HeardText, speakStream } from "./speaker.ts";

describe("speakStream", () => {
  it("speaks the first sentence while the rest of the text is still being written", async () => {
    const synthesizer = new EspeakSynthesizer({ sampleRate: 16_000 });
    let heardFirst: () => void = () => undefined;
    const firstAudio = new Promise<void>((resolve) => {
      heardFirst = resolve;
    });
    // The second sentence is written only once audio of the first has come out: a speaker that waited for
    // the whole text would wait forever.
    async function* text() {
      yield "The first sentence is short.";
      yield " The second";
      await firstAudio;
      yield " one comes later.";
    }
    const pieces: string[] = [];
    for await (const chunk of speakStream(text(), synthesizer, new AbortController().signal)) {
      heardFirst();
      if (pieces.at(-1) !== chunk.text) pieces.push(chunk.text);
    }
    await synthesizer.close();
    expect(pieces).toEqual(["The first sentence is short.", "The second one comes later."]);
  });

  it("stops reading the text and speaking when aborted", async () => {
    const synthesizer = new EspeakSynthesizer({ sampleRate: 16_000 });
    const controller = new AbortController();
    let written = 0;
    async function* text() {
      for (let i = 0; i < 100; i++) {
        written++;
        yield `Sentence number ${i}. `;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    let afterAbort = 0;
    for await (const chunk of speakStream(text(), synthesizer, controller.signal)) {
      if (controller.signal.aborted) afterAbort += chunk.samples.length;
      controller.abort();
    }
    await synthesizer.close();
    expect(afterAbort).toBe(0);
    expect(written).toBeLessThan(100);
  });

  it("passes on an error of the text stream", async () => {
    const synthesizer = new EspeakSynthesizer({ sampleRate: 16_000 });
    async function* text(): AsyncGenerator<string> {
      yield "Hello. ";
      throw new Error("model failed");
    }
    const run = async () => {
      for await (const _ of speakStream(text(), synthesizer, new AbortController().signal)) {
        // draining
      }
    };
    await expect(run()).rejects.toThrow("model failed");
    await synthesizer.close();
  });
});

describe("HeardText", () => {
  it("keeps whole pieces played, and the played share of the words of the piece cut off", () => {
    const heard = new HeardText();
    heard.add({ text: "One two.", piece: 0, samples: new Int16Array(1000) });
    heard.add({ text: "Three four five six.", piece: 1, samples: new Int16Array(500) });
    heard.add({ text: "Three four five six.", piece: 1, samples: new Int16Array(500) });
    expect(heard.totalSamples).toBe(2000);
    expect(heard.heard(0)).toBe("");
    expect(heard.heard(1000)).toBe("One two.");
    expect(heard.heard(1500)).toBe("One two. Three four");
    expect(heard.heard(5000)).toBe("One two. Three four five six.");
  });
});

/** Phrase sets: the grammar, the prompt for a recognised phrase, and the offline model's set itself. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OFFLINE_PHRASES } from "./offline-phrases.ts";
import {
  examplePhrases,
  type PhraseSet,
  phraseToPrompt,
  phraseWords,
  toJsgf,
  validatePhraseSet,
} from "./phrases.ts";
import { dictionaryFor } from "./pocketsphinx-recognizer.ts";
import { POCKETSPHINX_MODEL } from "./programs.ts";

const small: PhraseSet = {
  templates: [
    { intent: "time", say: ["what time is it"] },
    { intent: "sum", say: ["what is {n} plus {n}"] },
  ],
  slots: {
    n: [
      { say: "two", text: "2" },
      { say: "twenty", text: "20" },
      { say: "twenty two", text: "22" },
    ],
  },
};

describe("phrase sets", () => {
  it("write a JSGF grammar with one public rule and a rule per slot", () => {
    expect(toJsgf(small)).toBe(
      [
        "#JSGF V1.0;",
        "grammar interject;",
        "public <utterance> = what time is it | what is <slot_n> plus <slot_n>;",
        "<slot_n> = two | twenty | twenty two;",
        "",
      ].join("\n"),
    );
    expect(phraseWords(small)).toEqual(["is", "it", "plus", "time", "twenty", "two", "what"]);
  });

  it("turn a recognised phrase into the prompt, slot values into their text", () => {
    expect(phraseToPrompt(small, "what is twenty two plus two")).toBe("what is 22 plus 2");
    expect(phraseToPrompt(small, "what time is it")).toBe("what time is it");
    expect(phraseToPrompt(small, "something else entirely")).toBe("something else entirely");
  });

  it("refuse unknown slots and words that are not lower-case letters", () => {
    expect(() =>
      validatePhraseSet({ templates: [{ intent: "x", say: ["say {nothing}"] }], slots: {} }),
    ).toThrow(/unknown slot/);
    expect(() => validatePhraseSet({ templates: [{ intent: "x", say: ["Hello"] }], slots: {} })).toThrow(
      /bad word/,
    );
  });
});

describe("the offline model's phrases", () => {
  it("give the calculator digits and operators, and names capitalised", () => {
    expect(phraseToPrompt(OFFLINE_PHRASES, "what is twelve times seven")).toBe("what is 12 * 7");
    expect(phraseToPrompt(OFFLINE_PHRASES, "calculate ninety nine divided by three")).toBe(
      "calculate 99 / 3",
    );
    expect(phraseToPrompt(OFFLINE_PHRASES, "my name is alice")).toBe("my name is Alice");
    expect(phraseToPrompt(OFFLINE_PHRASES, "tell me about agent core")).toBe("tell me about AgentCore");
  });

  it("map every phrase they can produce to a prompt (property over slot choices)", () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        let n = seed;
        const examples = examplePhrases(OFFLINE_PHRASES, (_, values) => {
          n = (n * 31 + 7) % 9973;
          return values[n % values.length];
        });
        for (const example of examples)
          expect(phraseToPrompt(OFFLINE_PHRASES, example.say)).toBe(example.prompt);
      }),
      { numRuns: 50 },
    );
  });

  it("use only words the Debian pronunciation dictionary has", async () => {
    await expect(
      dictionaryFor(phraseWords(OFFLINE_PHRASES), POCKETSPHINX_MODEL.dictionary),
    ).resolves.toContain("interruption ");
    await expect(dictionaryFor(["runtime"], POCKETSPHINX_MODEL.dictionary)).rejects.toThrow(/runtime/);
  });
});

/**
 * Phrase sets: what a grammar-based recogniser can hear, written once as data. A phrase set is a list of
 * templates ("what is {number} {operator} {number}") and the values of each slot, each value with the
 * words spoken and the text the agent should read ("twenty one" -> "21", "times" -> "*"). From it come the
 * JSGF grammar for pocketsphinx (`toJsgf`), the words its dictionary needs (`phraseWords`), the prompt for
 * a recognised word sequence (`phraseToPrompt`) and examples to speak in tests (`examplePhrases`).
 */

export interface SlotValue {
  /** Lower-case words as spoken, separated by single spaces. */
  say: string;
  /** What the prompt says instead (defaults to `say`). */
  text?: string;
}

export interface PhraseTemplate {
  /** What the phrase is for (documentation and tests; the model reads the prompt, not this). */
  intent: string;
  /** Lower-case words and `{slot}` references, separated by single spaces. */
  say: readonly string[];
}

export interface PhraseSet {
  templates: readonly PhraseTemplate[];
  slots: Readonly<Record<string, readonly SlotValue[]>>;
}

const SLOT = /^\{([a-z_]+)\}$/;

function tokens(text: string): string[] {
  return text.split(" ").filter(Boolean);
}

function slotOf(token: string): string | null {
  return SLOT.exec(token)?.[1] ?? null;
}

/** Throws when a template names a slot the set does not define, or words are not lower-case letters. */
export function validatePhraseSet(set: PhraseSet): void {
  const word = /^[a-z']+$/;
  for (const template of set.templates) {
    for (const say of template.say) {
      for (const token of tokens(say)) {
        const slot = slotOf(token);
        if (slot !== null && !set.slots[slot]) throw new Error(`phrase "${say}" uses unknown slot {${slot}}`);
        if (slot === null && !word.test(token)) throw new Error(`phrase "${say}" has a bad word "${token}"`);
      }
    }
  }
  for (const [name, values] of Object.entries(set.slots)) {
    for (const value of values) {
      for (const token of tokens(value.say)) {
        if (!word.test(token))
          throw new Error(`slot {${name}} value "${value.say}" has a bad word "${token}"`);
      }
    }
  }
}

/** Every distinct word the set can produce (what the recogniser's dictionary must hold). */
export function phraseWords(set: PhraseSet): string[] {
  const words = new Set<string>();
  for (const template of set.templates) {
    for (const say of template.say) for (const t of tokens(say)) if (slotOf(t) === null) words.add(t);
  }
  for (const values of Object.values(set.slots)) {
    for (const value of values) for (const t of tokens(value.say)) words.add(t);
  }
  return [...words].sort();
}

/** The JSGF grammar accepting exactly the set's phrases (one public rule, `<utterance>`). */
export function toJsgf(set: PhraseSet, name = "interject"): string {
  validatePhraseSet(set);
  const rule = (slot: string) => `<slot_${slot}>`;
  const sequence = (say: string) =>
    tokens(say)
      .map((t) => {
        const slot = slotOf(t);
        return slot === null ? t : rule(slot);
      })
      .join(" ");
  const alternatives = set.templates.flatMap((t) => t.say.map(sequence));
  const lines = ["#JSGF V1.0;", `grammar ${name};`, `public <utterance> = ${alternatives.join(" | ")};`];
  for (const [slot, values] of Object.entries(set.slots)) {
    lines.push(`${rule(slot)} = ${[...new Set(values.map((v) => v.say))].join(" | ")};`);
  }
  return `${lines.join("\n")}\n`;
}

/** Matches `words` against a template's tokens from `at`; returns the prompt pieces, or null. */
function match(
  set: PhraseSet,
  template: readonly string[],
  words: readonly string[],
  at: number,
  ti: number,
): string[] | null {
  if (ti === template.length) return at === words.length ? [] : null;
  const token = template[ti] ?? "";
  const slot = slotOf(token);
  if (slot === null) {
    if (words[at] !== token) return null;
    const rest = match(set, template, words, at + 1, ti + 1);
    return rest ? [token, ...rest] : null;
  }
  // Longest value first: "twenty one" before "twenty".
  const values = [...(set.slots[slot] ?? [])].sort((a, b) => tokens(b.say).length - tokens(a.say).length);
  for (const value of values) {
    const say = tokens(value.say);
    if (say.every((w, i) => words[at + i] === w)) {
      const rest = match(set, template, words, at + say.length, ti + 1);
      if (rest) return [value.text ?? value.say, ...rest];
    }
  }
  return null;
}

/**
 * The prompt for a recognised word sequence: slot values replaced by their text. Words that match no
 * template (an open-vocabulary recogniser) come back joined as they are.
 */
export function phraseToPrompt(set: PhraseSet, transcript: string): string {
  const words = tokens(transcript.toLowerCase().trim());
  for (const template of set.templates) {
    for (const say of template.say) {
      const pieces = match(set, tokens(say), words, 0, 0);
      if (pieces) return pieces.join(" ");
    }
  }
  return words.join(" ");
}

/**
 * One example of each template line, slots filled with their first value (or the value `pick` chooses),
 * as `{ say, prompt }`: what to speak in a test and what the agent should then read.
 */
export function examplePhrases(
  set: PhraseSet,
  pick: (slot: string, values: readonly SlotValue[]) => SlotValue | undefined = (_, values) => values[0],
): Array<{ intent: string; say: string; prompt: string }> {
  return set.templates.flatMap((template) =>
    template.say.map((line) => {
      const said: string[] = [];
      const prompt: string[] = [];
      for (const token of tokens(line)) {
        const slot = slotOf(token);
        const value = slot === null ? { say: token } : pick(slot, set.slots[slot] ?? []);
        if (!value) throw new Error(`slot {${slot}} has no values`);
        said.push(value.say);
        prompt.push(value.text ?? value.say);
      }
      return { intent: template.intent, say: said.join(" "), prompt: prompt.join(" ") };
    }),
  );
}

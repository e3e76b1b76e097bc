/**
 * Speech to text with Debian's pocketsphinx 0.8 (`pocketsphinx_continuous`) and a JSGF grammar made from a
 * phrase set. One warm process per recogniser: the models load once, and audio is decoded while it is
 * spoken, so the result is ready a few milliseconds after the utterance ends instead of the 0.5-0.8 s a
 * process per utterance takes.
 *
 * How the Debian binary is driven (its options are all it offers: no library bindings are installed):
 * - `-infile` is a FIFO we hold open read-write. `/dev/stdin` cannot be used: Node's stdio pipes are Unix
 *   sockets, which open(2) refuses (ENXIO).
 * - Our own VAD decides what an utterance is. Only utterances are written (a little before the speech, to
 *   its end), each followed by enough silence for pocketsphinx's own VAD (`-vad_postspeech`, 0.5 s) to end
 *   its utterance and print the result at once. Decoding that silence takes a few milliseconds.
 * - Pure digital silence confuses its noise estimate and an utterance after it can be lost, so `-dither`
 *   adds half a bit of noise (with a fixed `-seed`, so runs repeat).
 * - `-time yes` prints every word with its start and end time on the stream's clock (seconds of audio
 *   written): each result goes to the utterance whose stretch of that clock it overlaps most, so an
 *   utterance that yields nothing (pocketsphinx heard no speech in it, or no phrase fitted) cannot shift
 *   the results of the next ones; such an utterance resolves empty after `resultTimeoutMs`.
 * - The search beams are wider than the defaults, which lose some grammar phrases entirely.
 * - `-logfn` keeps its very verbose log in a file, read back only when the process fails.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RecognitionResult, RecognizedWord, SpeechRecognizer, UtteranceRecognition } from "./engine.ts";
import { SpeechProgramError } from "./errors.ts";
import { INPUT_SAMPLE_RATE, pcm16ToBytes } from "./pcm.ts";
import { type PhraseSet, phraseWords, toJsgf } from "./phrases.ts";
import { findProgram, POCKETSPHINX_MODEL, POCKETSPHINX_PROGRAM, requireFile } from "./programs.ts";

export interface PocketsphinxOptions {
  /** What can be heard. */
  phrases: PhraseSet;
  /** `pocketsphinx_continuous` (looked up on PATH) unless given. */
  program?: string;
  acousticModel?: string;
  /** The full pronunciation dictionary; only the phrase set's words are taken from it. */
  dictionary?: string;
  /** How long to wait for a result after an utterance ends before deciding nothing was recognised. */
  resultTimeoutMs?: number;
  /** More `pocketsphinx_continuous` options (name, value, ...), after ours: for tuning. */
  extraArgs?: readonly string[];
}

/** Silence written after each utterance: pocketsphinx's 50-frame VAD hangover, its 2,048-sample read, margin. */
const FLUSH_SAMPLES = Math.round(INPUT_SAMPLE_RATE * 0.75);
const WORD_LINE = /^(\S+) (-?\d+\.\d+) (-?\d+\.\d+) (\S+)$/;
const FILLER = /^(<.*>|\[.*\]|\+\+.*\+\+)$/;

const dictionaries = new Map<string, Promise<Map<string, string[]>>>();

/** The dictionary's lines by head word ("read" holds the lines of "read" and "read(2)"), parsed once. */
function loadDictionary(file: string): Promise<Map<string, string[]>> {
  let loaded = dictionaries.get(file);
  if (!loaded) {
    loaded = readFile(file, "utf8").then((text) => {
      const byWord = new Map<string, string[]>();
      for (const line of text.split("\n")) {
        const space = line.indexOf(" ");
        if (space <= 0) continue;
        const word = line.slice(0, space).replace(/\(\d+\)$/, "");
        const lines = byWord.get(word);
        if (lines) lines.push(line);
        else byWord.set(word, [line]);
      }
      return byWord;
    });
    dictionaries.set(file, loaded);
  }
  return loaded;
}

/** The dictionary lines for `words`; throws naming the words the dictionary lacks. */
export async function dictionaryFor(words: readonly string[], dictionary: string): Promise<string> {
  const byWord = await loadDictionary(dictionary);
  const missing = words.filter((w) => !byWord.has(w));
  if (missing.length > 0) {
    throw new Error(`words not in the pronunciation dictionary ${dictionary}: ${missing.join(", ")}`);
  }
  return `${words.flatMap((w) => byWord.get(w) ?? []).join("\n")}\n`;
}

interface ParsedWord {
  word: string;
  /** Seconds on the stream clock. */
  start: number;
  end: number;
}

interface Pending {
  /** Window on the stream clock (seconds) in which this utterance's words fall. */
  from: number;
  to: number;
  endedAt: number;
  cancelled: boolean;
  timer: NodeJS.Timeout | null;
  resolve(result: RecognitionResult): void;
  reject(error: Error): void;
}

export class PocketsphinxRecognizer implements SpeechRecognizer {
  readonly name = "pocketsphinx";
  /** Samples written to pocketsphinx so far: the clock its word times use. */
  private written = 0;
  private active = false;
  private readonly pending: Pending[] = [];
  private stdout = "";
  private failure: Error | null = null;
  private closing = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly audio: WriteStream,
    private readonly dir: string,
    private readonly resultTimeoutMs: number,
  ) {
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (data: string) => this.onOutput(data));
    child.on("exit", (code, signal) => {
      if (!this.closing) void this.fail(`exited unexpectedly (code ${code}, signal ${signal})`);
    });
    audio.on("error", (error) => void this.fail(`audio pipe failed: ${error.message}`));
  }

  /** Starts a warm recogniser for `options.phrases`. */
  static async start(options: PocketsphinxOptions): Promise<PocketsphinxRecognizer> {
    const program = findProgram(
      options.program ?? POCKETSPHINX_PROGRAM.program,
      POCKETSPHINX_PROGRAM.debianPackage,
    );
    const model = requireFile(
      path.join(options.acousticModel ?? POCKETSPHINX_MODEL.acousticModel, "mdef"),
      POCKETSPHINX_MODEL.debianPackage,
    );
    const dictionary = requireFile(
      options.dictionary ?? POCKETSPHINX_MODEL.dictionary,
      POCKETSPHINX_MODEL.debianPackage,
    );
    const dir = await mkdtemp(path.join(tmpdir(), "interject-pocketsphinx-"));
    try {
      const grammar = path.join(dir, "phrases.gram");
      const dict = path.join(dir, "phrases.dict");
      const fifo = path.join(dir, "audio");
      await writeFile(grammar, toJsgf(options.phrases));
      await writeFile(dict, await dictionaryFor(phraseWords(options.phrases), dictionary));
      execFileSync("mkfifo", ["-m", "600", fifo]);
      // Read-write, so opening never blocks waiting for the reader (Linux semantics of a FIFO).
      const audio = createWriteStream(fifo, { flags: "r+" });
      const child = spawn(
        program,
        [
          ["-hmm", path.dirname(model)],
          ["-dict", dict],
          ["-jsgf", grammar],
          ["-infile", fifo],
          ["-time", "yes"],
          // Wider than the defaults (1e-48, 1e-48, 7e-29): with a grammar of a few hundred phrases the
          // default beams prune every path to the end for some utterances, and nothing is printed at all.
          ["-beam", "1e-100"],
          ["-pbeam", "1e-100"],
          ["-wbeam", "1e-80"],
          ["-dither", "yes"],
          ["-seed", "1"],
          ["-logfn", path.join(dir, "log")],
          options.extraArgs ?? [],
        ].flat(),
        { stdio: ["ignore", "pipe", "ignore"] },
      );
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
      return new PocketsphinxRecognizer(child, audio, dir, options.resultTimeoutMs ?? 2000);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  begin(): UtteranceRecognition {
    if (this.failure) throw this.failure;
    if (this.active)
      throw new Error("pocketsphinx recognises one utterance at a time: end the previous one first");
    this.active = true;
    const from = this.written / INPUT_SAMPLE_RATE;
    let done = false;
    const finish = (cancelled: boolean): Promise<RecognitionResult> => {
      if (done) throw new Error("utterance already ended");
      done = true;
      this.active = false;
      const to = this.written / INPUT_SAMPLE_RATE;
      this.write(new Int16Array(FLUSH_SAMPLES));
      const flushedTo = this.written / INPUT_SAMPLE_RATE;
      return new Promise<RecognitionResult>((resolve, reject) => {
        if (this.failure) {
          reject(this.failure);
          return;
        }
        const entry: Pending = {
          from,
          to: Math.max(to, flushedTo),
          endedAt: performance.now(),
          cancelled,
          timer: null,
          resolve,
          reject,
        };
        entry.timer = setTimeout(() => this.settle(entry, []), this.resultTimeoutMs);
        this.pending.push(entry);
      });
    };
    return {
      write: (samples) => {
        if (done) throw new Error("utterance already ended");
        this.write(samples);
      },
      end: () => finish(false),
      cancel: () => {
        if (!done) finish(true).catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const entry of this.pending.splice(0)) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(new SpeechProgramError("pocketsphinx", "recogniser closed"));
    }
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once("exit", () => resolve());
    });
    this.audio.end();
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 1000);
    await exited;
    clearTimeout(timer);
    await rm(this.dir, { recursive: true, force: true });
  }

  private write(samples: Int16Array): void {
    if (this.failure || this.closing) return;
    // Copied: the caller may reuse its buffer before the pipe takes the bytes.
    this.audio.write(Buffer.from(pcm16ToBytes(samples)));
    this.written += samples.length;
  }

  private onOutput(data: string): void {
    this.stdout += data;
    const lastNewline = this.stdout.lastIndexOf("\n");
    if (lastNewline < 0) return;
    const lines = this.stdout.slice(0, lastNewline).split("\n");
    this.stdout = this.stdout.slice(lastNewline + 1);
    // A result is a hypothesis line (skipped: the words say the same) followed by one line per word; several
    // results can arrive in one read.
    let block: ParsedWord[] = [];
    for (const line of lines) {
      const match = WORD_LINE.exec(line.trim());
      if (match) block.push({ word: match[1] ?? "", start: Number(match[2]), end: Number(match[3]) });
      else {
        this.onResult(block);
        block = [];
      }
    }
    this.onResult(block);
  }

  /** Gives a result to the utterance whose stretch of the stream clock it overlaps most. */
  private onResult(block: ParsedWord[]): void {
    if (block.length === 0) return;
    const spoken = block.filter((w) => !FILLER.test(w.word));
    const span = spoken.length > 0 ? spoken : block;
    const from = span[0]?.start ?? 0;
    const to = span.at(-1)?.end ?? from;
    let best: Pending | null = null;
    let bestOverlap = Number.NEGATIVE_INFINITY;
    for (const entry of this.pending) {
      const overlap = Math.min(to, entry.to) - Math.max(from, entry.from);
      if (overlap > bestOverlap) {
        best = entry;
        bestOverlap = overlap;
      }
    }
    // Word times can start a little before the audio written for the utterance (pocketsphinx's pre-speech).
    if (!best || bestOverlap < -0.5) return; // a late result for an utterance that already timed out
    const entry = best;
    this.settle(
      entry,
      spoken.map((w) => ({
        word: w.word.replace(/\(\d+\)$/, ""),
        startMs: Math.max(0, Math.round((w.start - entry.from) * 1000)),
        endMs: Math.max(0, Math.round((w.end - entry.from) * 1000)),
      })),
    );
  }

  private settle(entry: Pending, words: RecognizedWord[]): void {
    const index = this.pending.indexOf(entry);
    if (index < 0) return;
    this.pending.splice(index, 1);
    if (entry.timer) clearTimeout(entry.timer);
    entry.resolve({
      text: entry.cancelled ? "" : words.map((w) => w.word).join(" "),
      words: entry.cancelled ? [] : words,
      latencyMs: performance.now() - entry.endedAt,
    });
  }

  private async fail(reason: string): Promise<void> {
    if (this.failure) return;
    const log = await readFile(path.join(this.dir, "log"), "utf8").catch(() => "");
    const fatal = log
      .split("\n")
      .filter((l) => /^(FATAL|ERROR)/.test(l))
      .slice(-3)
      .join("; ");
    this.failure = new SpeechProgramError("pocketsphinx", fatal ? `${reason}: ${fatal}` : reason);
    for (const entry of this.pending.splice(0)) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.reject(this.failure);
    }
  }
}

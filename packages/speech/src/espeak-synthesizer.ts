/**
 * Text to speech with Debian's espeak-ng, run as a separate process (it is GPL-3.0: never bundled, never
 * linked). One process per piece of text, but started ahead: a spare process waits, its voice loaded, for
 * the next piece on stdin (`--stdin`), which saves the 20-40 ms (far more on a busy machine) that starting
 * espeak-ng takes; the spare is replaced once the piece is spoken. The WAV it streams to stdout (22,050 Hz)
 * is decoded and resampled as it arrives. Aborting kills the process at once and yields nothing more.
 */
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import type { SpeechSynthesizer } from "./engine.ts";
import { SpeechProgramError } from "./errors.ts";
import { ESPEAK_PROGRAM, findProgram } from "./programs.ts";
import { Resampler } from "./resampler.ts";
import { WavStreamDecoder } from "./wav.ts";

export interface EspeakOptions {
  /** Rate of the audio yielded: 16,000 or 24,000 for the wire. */
  sampleRate: number;
  /** espeak-ng voice (`-v`). */
  voice?: string;
  /** Words per minute (`-s`, espeak's default 175). */
  wordsPerMinute?: number;
  /** espeak-ng unless given (looked up on PATH). */
  program?: string;
}

type EspeakProcess = ChildProcessByStdio<Writable, Readable, null>;

export class EspeakSynthesizer implements SpeechSynthesizer {
  readonly name = "espeak-ng";
  readonly sampleRate: number;
  private readonly program: string;
  private readonly args: string[];
  private spare: EspeakProcess | null = null;
  private closed = false;

  constructor(options: EspeakOptions) {
    this.sampleRate = options.sampleRate;
    this.program = findProgram(options.program ?? ESPEAK_PROGRAM.program, ESPEAK_PROGRAM.debianPackage);
    this.args = [
      "-v",
      options.voice ?? "en-us",
      "-s",
      String(options.wordsPerMinute ?? 175),
      "--stdout",
      "--stdin",
    ];
    this.spare = this.start();
  }

  async *synthesize(text: string, signal?: AbortSignal): AsyncGenerator<Int16Array> {
    if (this.closed) throw new SpeechProgramError("espeak-ng", "synthesizer closed");
    if (signal?.aborted || !text.trim()) return;
    const child = this.spare ?? this.start();
    // The next spare starts once this process is done, not now: on two busy cores a process loading its
    // voice beside the one speaking delays the first audio.
    this.spare = null;
    const kill = () => child.kill("SIGKILL");
    signal?.addEventListener("abort", kill, { once: true });
    const decoder = new WavStreamDecoder();
    let resampler: Resampler | null = null;
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    try {
      child.stdin.on("error", () => undefined); // the process may die before reading (abort)
      child.stdin.end(text);
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        if (signal?.aborted) return;
        const samples = decoder.push(chunk);
        if (samples.length === 0) continue;
        resampler ??= new Resampler(decoder.sampleRate ?? 22_050, this.sampleRate);
        const out = resampler.push(samples);
        if (out.length > 0) yield out;
      }
      if (signal?.aborted) return;
      const code = await exited;
      if (code !== 0) {
        throw new SpeechProgramError("espeak-ng", `exited with code ${code}`);
      }
      const tail = resampler?.flush();
      if (tail && tail.length > 0) yield tail;
    } finally {
      signal?.removeEventListener("abort", kill);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      if (!this.closed) this.spare ??= this.start();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.spare?.kill("SIGKILL");
    this.spare = null;
  }

  private start(): EspeakProcess {
    const child = spawn(this.program, this.args, { stdio: ["pipe", "pipe", "ignore"] });
    // A spare that dies unused (closed, or killed) must not crash the process.
    child.on("error", () => undefined);
    return child;
  }
}

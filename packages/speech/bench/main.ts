/**
 * `pnpm --dir packages/speech bench`: the offline voice pipeline in real time. Utterances from the offline
 * model's phrase list are spoken by espeak-ng at start-up and fed to a voice session 40 ms at a time, as a
 * browser sends them, over a quiet noise floor. Each is recognised by pocketsphinx and answered by a stand-in
 * for the offline model (its opening line and a sentence naming the prompt, a word every 35 ms as
 * AGENT_OFFLINE_DELAY_MS paces it) spoken by espeak-ng. Every other utterance starts while the previous
 * answer is playing: a barge-in.
 *
 * Prints, per run and over all runs: end of the user's speech (the real end, before the VAD's hangover) to
 * the recognised text and to the first answer audio; barge-in (the onset of speech over an answer) to the
 * answer cancelled (espeak killed, the interruption emitted); and the CPU one voice session used (this
 * process and its pocketsphinx and espeak-ng children) as a share of one core. BENCH_RUNS (default 3)
 * sessions, BENCH_UTTERANCES (default 12) utterances each; BENCH_DEBUG=1 prints where each utterance's time
 * went. Run it alone: flock /tmp/interject-heavy.lock.
 */
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { AUDIO_INPUT_FRAME_MS } from "@interject/protocol";
import type { SpeechEvent } from "../src/engine.ts";
import { OfflineSpeechEngine, type Responder } from "../src/offline-engine.ts";
import { OFFLINE_PHRASES } from "../src/offline-phrases.ts";
import { INPUT_SAMPLE_RATE, levelDbfs } from "../src/pcm.ts";
import { examplePhrases } from "../src/phrases.ts";
import { noise, spoken } from "../src/testing/spoken-audio.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const UTTERANCES = Number(process.env.BENCH_UTTERANCES ?? 12);
const FRAME = (INPUT_SAMPLE_RATE * AUDIO_INPUT_FRAME_MS) / 1000;
const OPENING =
  "I'm Interject's offline model: I run without any network and answer from the local knowledge base and my tools.";

/** The offline model's pace: the first word at once, then one every 35 ms. */
const respond: Responder = async function* (prompt, signal) {
  const words = `${OPENING} You asked: ${prompt}. Here is what the knowledge base says about it.`.split(
    /(?= )/,
  );
  for (const [i, word] of words.entries()) {
    if (signal.aborted) return;
    if (i > 0) await sleep(35);
    yield word;
  }
};

interface Utterance {
  say: string;
  audio: Int16Array;
  /** Where speech really starts and ends in `audio` (first and last 10 ms frame above -45 dBFS). */
  onset: number;
  end: number;
}

function utterance(say: string): Utterance {
  const audio = spoken(say);
  let onset = -1;
  let end = -1;
  for (let i = 0; i + 160 <= audio.length; i += 160) {
    if (levelDbfs(audio.subarray(i, i + 160)) > -45) {
      if (onset < 0) onset = i;
      end = i + 160;
    }
  }
  return { say, audio, onset, end };
}

/** utime + stime of this process and its reaped children, in seconds (Linux /proc). */
function cpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return ticks / 100; // USER_HZ is 100 on Linux
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const f = (n: number) => n.toFixed(0).padStart(5);
const summary = (values: number[]) =>
  values.length === 0
    ? "no samples"
    : `p50 ${f(percentile(values, 50))} ms  p99 ${f(percentile(values, 99))} ms  min ${f(Math.min(...values))}  max ${f(Math.max(...values))}  (n=${values.length})`;

interface RunResult {
  firstAudio: number[];
  recognition: number[];
  bargeIn: number[];
  correct: number;
  heard: number;
  cpuShare: number;
}

async function run(phrases: Utterance[]): Promise<RunResult> {
  const cpuBefore = cpuSeconds();
  const wallBefore = performance.now();
  const engine = new OfflineSpeechEngine({ outputSampleRate: 24_000 });
  const session = await engine.open({ respond });
  const result: RunResult = {
    firstAudio: [],
    recognition: [],
    bargeIn: [],
    correct: 0,
    heard: 0,
    cpuShare: 0,
  };
  const floor = noise(60_000, -65, 9);
  /** Audio waiting to be sent, and the wall time at which each utterance's speech really ended / began. */
  let pending: Int16Array = new Int16Array(0);
  let marks: Array<{ sample: number; resolve: (at: number) => void }> = [];
  let sent = 0;
  let stop = false;
  const feeder = (async () => {
    const start = performance.now();
    for (let frame = 0; !stop; frame++) {
      const chunk = new Int16Array(FRAME);
      chunk.set(floor.subarray((frame * FRAME) % (floor.length - FRAME)).subarray(0, FRAME));
      const take = pending.subarray(0, FRAME);
      for (let i = 0; i < take.length; i++) chunk[i] = (chunk[i] ?? 0) + (take[i] ?? 0);
      pending = pending.subarray(take.length);
      await sleep(Math.max(0, start + (frame + 1) * AUDIO_INPUT_FRAME_MS - performance.now()));
      // The frame is sent when its last sample has been captured: a mark inside it happened that much earlier.
      const now = performance.now();
      session.pushAudio(chunk);
      sent += FRAME;
      marks = marks.filter((m) => {
        if (m.sample > sent) return true;
        m.resolve(now - ((sent - m.sample) * 1000) / INPUT_SAMPLE_RATE);
        return false;
      });
    }
  })();
  const at = (sample: number) => new Promise<number>((resolve) => marks.push({ sample, resolve }));
  /** Every event with the time it came out. */
  const log: Array<{ event: SpeechEvent; t: number }> = [];
  const consumer = (async () => {
    for await (const event of session.events()) log.push({ event, t: performance.now() });
  })();
  /** The first event from `from` on that passes `test` (waiting for it), or null after 15 s. */
  const waitFor = async (test: (e: SpeechEvent) => boolean, from: number) => {
    const deadline = performance.now() + 15_000;
    for (let i = from; performance.now() < deadline; await sleep(5)) {
      for (; i < log.length; i++) {
        const entry = log[i];
        if (entry && test(entry.event)) return { ...entry, index: i };
      }
    }
    return null;
  };

  await sleep(600); // a quiet start, as when the microphone opens
  let lastFirstAudio = 0;
  for (const [i, u] of phrases.entries()) {
    const bargeIn = i % 2 === 1 && lastFirstAudio > 0;
    if (bargeIn) await sleep(Math.max(0, lastFirstAudio + 900 - performance.now()));
    const from = log.length;
    const base = sent + pending.length;
    const joined = new Int16Array(pending.length + u.audio.length);
    joined.set(pending);
    joined.set(u.audio, pending.length);
    pending = joined;
    const onsetAt = at(base + u.onset);
    const endAt = at(base + u.end);
    if (bargeIn) {
      const cut = await waitFor((e) => e.type === "interruption", from);
      if (cut) result.bargeIn.push(cut.t - (await onsetAt));
    }
    const heard = await waitFor((e) => e.type === "transcript" && e.role === "user", from);
    const end = await endAt;
    if (process.env.BENCH_DEBUG) {
      const ended = await waitFor((e) => e.type === "speech_ended", from);
      const recognised = await waitFor((e) => e.type === "latency" && e.stage === "recognition", from);
      console.log(
        `    ${JSON.stringify(u.say)}: VAD end decided ${f((ended?.t ?? 0) - end)} ms after the real end; text ${f((heard?.t ?? 0) - (ended?.t ?? 0))} ms after that (${JSON.stringify(recognised?.event)})`,
      );
    }
    if (heard?.event.type === "transcript") {
      result.heard++;
      result.recognition.push(heard.t - end);
      if (heard.event.text === examplePrompt(u.say)) result.correct++;
      const start = await waitFor((e) => e.type === "response_start", heard.index);
      const id = start?.event.type === "response_start" ? start.event.responseId : "";
      const audio = await waitFor((e) => e.type === "audio" && e.responseId === id, start?.index ?? from);
      if (audio) {
        result.firstAudio.push(audio.t - end);
        lastFirstAudio = audio.t;
      }
    }
    // Before a plain (not barge-in) utterance, let the answer finish and the room go quiet.
    if (i % 2 === 1 || i === phrases.length - 1) {
      await waitFor((e) => e.type === "response_complete", log.length - 1);
      await sleep(2500);
    }
  }
  stop = true;
  await feeder;
  await session.close();
  await consumer;
  await sleep(300); // let the killed espeak-ng spare be reaped, so its CPU is counted
  result.cpuShare = (cpuSeconds() - cpuBefore) / ((performance.now() - wallBefore) / 1000);
  return result;
}

const prompts = new Map<string, string>();
function examplePrompt(say: string): string {
  return prompts.get(say) ?? say;
}

// Varied slot values, numbers kept out of the latency figures (espeak's numbers are often misheard).
let pick = 0;
const examples = examplePhrases(OFFLINE_PHRASES, (_, values) => {
  pick += 5;
  return values[pick % values.length];
}).filter((e) => e.intent !== "arithmetic");
for (const e of examples) prompts.set(e.say, e.prompt);
const chosen = Array.from({ length: UTTERANCES }, (_, i) => examples[(i * 7) % examples.length]).flatMap(
  (e) => (e ? [utterance(e.say)] : []),
);

console.log(
  `offline voice pipeline: ${RUNS} sessions x ${chosen.length} utterances, 24 kHz out, fed in real time`,
);
const all: RunResult[] = [];
for (let r = 0; r < RUNS; r++) {
  const result = await run(chosen);
  all.push(result);
  console.log(`run ${r + 1}`);
  console.log(`  end of speech -> first audio     ${summary(result.firstAudio)}`);
  console.log(`  end of speech -> recognised text ${summary(result.recognition)}`);
  console.log(`  barge-in onset -> answer cut     ${summary(result.bargeIn)}`);
  console.log(
    `  recognised ${result.correct}/${chosen.length} exactly (${result.heard} heard); CPU ${(result.cpuShare * 100).toFixed(1)}% of one core`,
  );
}
console.log("all runs");
console.log(`  end of speech -> first audio     ${summary(all.flatMap((r) => r.firstAudio))}`);
console.log(`  end of speech -> recognised text ${summary(all.flatMap((r) => r.recognition))}`);
console.log(`  barge-in onset -> answer cut     ${summary(all.flatMap((r) => r.bargeIn))}`);
console.log(
  `  CPU per voice session: ${all.map((r) => `${(r.cpuShare * 100).toFixed(1)}%`).join(", ")} of one core`,
);

/**
 * `pnpm --dir apps/agent bench:voice` (and part of `pnpm bench`): voice through the real built-in agent, in its
 * own process, over a real socket, as the browser uses it. A client (the kit's VoiceTestClient: the
 * browser's playback clock, its barge-in detector and playback marks) sends a microphone in real time,
 * 40 ms frames over a quiet noise floor, with phrases of the offline model spoken by espeak-ng. In each pair
 * of utterances the first is spoken into a quiet room, the second over the first one's answer (a barge-in);
 * then the user presses Stop and the room goes quiet again. The microphone also hears the answer's echo:
 * what the client plays, 40 ms late and BENCH_ECHO_DB below it, one value per session (default "none,-30,-20":
 * perfect echo cancellation, a laptop with echo cancellation, loud speakers with poor cancellation).
 *
 * Prints, per run (one voice session each) and over all runs:
 * - end of the user's speech (the real end, before the detector's hangover) to the answer's first audio at
 *   the client: p50, p90, p99, min, max (target: p50 at most 800 ms);
 * - barge-in: the onset of the user's speech over an answer to the client's playback stopped (target at most
 *   150 ms), by whichever came first: the client's own detector (as the browser's worklet does) or the
 *   agent's bidi_interruption; and the onset to the agent's bidi_interruption;
 * - false barge-ins: answers cut off while the user was neither speaking nor pressing Stop (an echo taken
 *   for speech, by the client or by the agent);
 * - CPU per voice session: the agent process and its pocketsphinx and espeak-ng children, as a share of one
 *   core over the session.
 * BENCH_RUNS (default: one per echo level) sessions of BENCH_PAIRS (default 5) pairs. Run it alone:
 * flock /tmp/interject-heavy.lock pnpm --dir apps/agent bench:voice
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { TestClient, VoiceTestClient } from "@interject/agent-kit/testing";
import { AUDIO_INPUT_FRAME_MS } from "@interject/protocol";
import { examplePhrases, levelDbfs, OFFLINE_PHRASES, Resampler } from "@interject/speech";
import { gain, noise, spoken } from "@interject/speech/testing";
import { freePort, startProcess } from "./processes.ts";

/** Echo in the microphone per session, in dB below what is played ("none": no echo at all). */
const ECHO_LEVELS = (process.env.BENCH_ECHO_DB ?? "none,-30,-20")
  .split(",")
  .map((v) => (v.trim() === "none" ? null : Number(v)));
const RUNS = Number(process.env.BENCH_RUNS ?? ECHO_LEVELS.length);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
const OUTPUT_RATE = 24_000;
/** How late the echo reaches the microphone (the audio stack's output and input latency, and the room). */
const ECHO_DELAY_MS = 40;
const RATE = 16_000;
const FRAME = (RATE * AUDIO_INPUT_FRAME_MS) / 1000;
/** How long after an answer's first audio the next utterance starts (barge-in) or Stop is pressed. */
const INTO_ANSWER_MS = 1500;

interface Utterance {
  say: string;
  prompt: string;
  audio: Int16Array;
  /** First and last sample above -45 dBFS (10 ms windows): where speech really starts and ends. */
  onset: number;
  end: number;
}

function utterance(say: string, prompt: string): Utterance {
  const audio = spoken(say);
  let onset = -1;
  let end = -1;
  for (let i = 0; i + 160 <= audio.length; i += 160) {
    if (levelDbfs(audio.subarray(i, i + 160)) > -45) {
      if (onset < 0) onset = i;
      end = i + 160;
    }
  }
  return { say, prompt, audio, onset, end };
}

/** utime + stime of a process and its reaped children, in seconds (Linux /proc; USER_HZ is 100). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) / 100;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const f = (n: number) => n.toFixed(0).padStart(5);
const summary = (values: number[]) =>
  values.length === 0
    ? "no samples"
    : `p50 ${f(percentile(values, 50))}  p90 ${f(percentile(values, 90))}  p99 ${f(percentile(values, 99))}  min ${f(Math.min(...values))}  max ${f(Math.max(...values))} ms  (n=${values.length})`;

interface RunResult {
  firstAudio: number[];
  bargeInStopped: number[];
  bargeInAgent: number[];
  /** Who stopped the playback on barge-in: the client's own detector, or the agent's bidi_interruption. */
  stoppedBy: { client: number; agent: number };
  /**
   * Answers cut off after some of their audio played (by the client or the agent) while the user was neither
   * speaking nor pressing Stop.
   */
  falseBargeIns: number;
  echo: number | null;
  recognised: number;
  spoken: number;
  cpuShare: number;
}

/**
 * A microphone: a noise floor, 40 ms at a time in real time, with utterances mixed in when queued, and (with
 * `echoDb`) the echo of what the client plays.
 */
class Microphone {
  private pending = new Int16Array(0);
  private readonly floor = noise(60_000, -65, 11);
  private sent = 0;
  private marks: Array<{ sample: number; resolve: (at: number) => void }> = [];
  private stopped = false;
  /** The played audio at 16 kHz, not yet heard; it starts with the echo's delay. */
  private echo = new Int16Array((RATE * ECHO_DELAY_MS) / 1000);
  readonly done: Promise<void>;

  constructor(
    private readonly voice: VoiceTestClient,
    echoDb: number | null,
  ) {
    if (echoDb !== null) {
      const resampler = new Resampler(OUTPUT_RATE, RATE);
      voice.onPlayed = (samples) => {
        const more = gain(resampler.push(samples), echoDb);
        const joined = new Int16Array(this.echo.length + more.length);
        joined.set(this.echo);
        joined.set(more, this.echo.length);
        this.echo = joined;
      };
    } else {
      this.echo = new Int16Array(0);
    }
    this.done = this.run();
  }

  /** Queues an utterance; resolves with when its speech really begins and ends (performance.now()). */
  say(u: Utterance): { onset: Promise<number>; end: Promise<number> } {
    const base = this.sent + this.pending.length;
    const joined = new Int16Array(this.pending.length + u.audio.length);
    joined.set(this.pending);
    joined.set(u.audio, this.pending.length);
    this.pending = joined;
    const at = (sample: number) => new Promise<number>((resolve) => this.marks.push({ sample, resolve }));
    return { onset: at(base + u.onset), end: at(base + u.end) };
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    const start = performance.now();
    for (let frame = 0; !this.stopped; frame++) {
      const chunk = new Int16Array(FRAME);
      chunk.set(this.floor.subarray((frame * FRAME) % (this.floor.length - FRAME)).subarray(0, FRAME));
      const take = this.pending.subarray(0, FRAME);
      const echo = this.echo.subarray(0, FRAME);
      for (let i = 0; i < FRAME; i++) {
        const x = (chunk[i] ?? 0) + (take[i] ?? 0) + (echo[i] ?? 0);
        chunk[i] = Math.max(-32768, Math.min(32767, x));
      }
      this.pending = this.pending.subarray(take.length);
      this.echo = this.echo.subarray(echo.length);
      await sleep(Math.max(0, start + (frame + 1) * AUDIO_INPUT_FRAME_MS - performance.now()));
      // The frame goes out once its last sample is captured: a mark inside it happened that much earlier.
      const now = performance.now();
      this.voice.send(chunk);
      this.sent += FRAME;
      this.marks = this.marks.filter((m) => {
        if (m.sample > this.sent) return true;
        m.resolve(now - ((this.sent - m.sample) * 1000) / RATE);
        return false;
      });
    }
  }
}

async function waitUntil(test: () => boolean, timeoutMs = 30_000): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

async function run(
  wsBase: string,
  agentPid: number,
  index: number,
  phrases: Utterance[],
  echo: number | null,
): Promise<RunResult> {
  const result: RunResult = {
    firstAudio: [],
    bargeInStopped: [],
    bargeInAgent: [],
    stoppedBy: { client: 0, agent: 0 },
    falseBargeIns: 0,
    echo,
    recognised: 0,
    spoken: 0,
    cpuShare: 0,
  };
  const client = await TestClient.connect(wsBase, {
    sessionId: `bench-voice-${process.pid}-${index}-${Date.now()}-000000000000`,
  });
  client.send({ type: "resume", afterSeq: 0 });
  const voice = new VoiceTestClient(client, OUTPUT_RATE);
  const cpuBefore = cpuSeconds(agentPid);
  const wallBefore = performance.now();
  await voice.start();
  const mic = new Microphone(voice, echo);
  /** Answers cut off while the user spoke over them or pressed Stop (the interruptions asked for). */
  const meant = new Set<(typeof voice.answers)[number]>();
  await sleep(800); // the room is quiet when the microphone opens
  const turnsOf = () => client.of("turn");

  /** Says `u`, waits for its turn and its first audio; returns that answer's index, or -1. */
  const say = async (u: Utterance) => {
    result.spoken++;
    const turns = turnsOf().length;
    const answers = voice.answers.length;
    const times = mic.say(u);
    const heard = await waitUntil(() => turnsOf().length > turns, 20_000);
    const end = await times.end;
    if (!heard) return { answer: -1, onset: await times.onset };
    if (turnsOf()[turns]?.prompt === u.prompt) result.recognised++;
    const started = await waitUntil(() => (voice.answers[answers]?.firstAudioAt ?? null) !== null, 20_000);
    const answer = voice.answers[answers];
    if (started && answer?.firstAudioAt) result.firstAudio.push(answer.firstAudioAt - end);
    return { answer: started ? answers : -1, onset: await times.onset };
  };

  for (let pair = 0; pair < PAIRS; pair++) {
    const plain = phrases[(index * PAIRS * 2 + pair * 2) % phrases.length];
    const over = phrases[(index * PAIRS * 2 + pair * 2 + 1) % phrases.length];
    if (!plain || !over) break;
    const first = await say(plain);
    const playing = voice.answers[first.answer];
    if (playing?.firstAudioAt) {
      await sleep(Math.max(0, playing.firstAudioAt + INTO_ANSWER_MS - performance.now()));
      const interruptions = client.of("bidi_interruption").length;
      const second = await say(over);
      if (playing.stoppedAt !== null && playing.stoppedBy !== null && playing.stoppedAt >= second.onset) {
        meant.add(playing);
        result.bargeInStopped.push(playing.stoppedAt - second.onset);
        result.stoppedBy[playing.stoppedBy]++;
      }
      const cut = voice.frames.filter((fr) => fr.type === "bidi_interruption")[interruptions];
      if (cut) result.bargeInAgent.push(cut.at - second.onset);
      const answering = voice.answers[second.answer];
      if (answering?.firstAudioAt) {
        await sleep(Math.max(0, answering.firstAudioAt + INTO_ANSWER_MS - performance.now()));
        const ended = client.of("interrupted").length + client.of("complete").length;
        const pressed = performance.now();
        client.send({ type: "interrupt" });
        await waitUntil(() => client.of("interrupted").length + client.of("complete").length > ended, 10_000);
        await waitUntil(() => answering.ended !== null, 2000);
        if ((answering.stoppedAt ?? 0) >= pressed) meant.add(answering);
      }
    }
    await sleep(2000); // quiet again
  }
  mic.stop();
  await mic.done;
  result.falseBargeIns = voice.answers.filter(
    (a) => a.ended === "interrupted" && a.playedSamples > 0 && !meant.has(a),
  ).length;
  client.send({ type: "voice_end" });
  await waitUntil(() => client.of("bidi_connection_close").length > 0, 5000);
  await sleep(500); // pocketsphinx and espeak-ng exit and are reaped, so their CPU is counted
  result.cpuShare = (cpuSeconds(agentPid) - cpuBefore) / ((performance.now() - wallBefore) / 1000);
  voice.close();
  client.close();
  return result;
}

const children: ChildProcess[] = [];
try {
  const port = await freePort();
  const agent = await startProcess(
    "src/main.ts",
    {
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      BROKER_INGEST_URL: "",
      BROKER_INGEST_TOKEN: "",
    },
    `http://127.0.0.1:${port}/ping`,
  );
  children.push(agent);
  // Varied phrases (numbers left out: espeak-ng's are often misheard, and a miss says nothing of latency;
  // tickets left out: filing one waits for the user's approval, so its answer has no audio to barge in on).
  let pick = 0;
  const choose = <T>(values: readonly T[]) => {
    pick += 3;
    return values[pick % values.length];
  };
  const phrases = examplePhrases(OFFLINE_PHRASES, (_, values) => choose(values))
    .filter((e) => e.intent !== "arithmetic" && e.intent !== "ticket")
    .map((e) => utterance(e.say, e.prompt));
  console.log(
    `voice bench: the built-in agent (offline model, ${process.env.AGENT_OFFLINE_DELAY_MS ?? 35} ms a word), ` +
      `offline voice, ${RUNS} sessions x ${PAIRS} pairs (one utterance into a quiet room, one over its answer), 24 kHz out, real time\n`,
  );
  const all: RunResult[] = [];
  for (let r = 0; r < RUNS; r++) {
    const echo = ECHO_LEVELS[r % ECHO_LEVELS.length] ?? null;
    const result = await run(`ws://127.0.0.1:${port}`, agent.pid ?? 0, r, phrases, echo);
    all.push(result);
    console.log(`run ${r + 1} (${echo === null ? "no echo" : `echo ${echo} dB, ${ECHO_DELAY_MS} ms late`})`);
    console.log(`  end of speech -> first audio       ${summary(result.firstAudio)}`);
    console.log(
      `  barge-in -> playback stopped       ${summary(result.bargeInStopped)}  (stopped by the client ${result.stoppedBy.client}, by the agent ${result.stoppedBy.agent})`,
    );
    console.log(`  barge-in -> agent's interruption   ${summary(result.bargeInAgent)}`);
    console.log(`  false barge-ins (echo taken for the user)  ${result.falseBargeIns}`);
    console.log(
      `  recognised ${result.recognised}/${result.spoken} exactly; CPU ${(result.cpuShare * 100).toFixed(1)}% of one core`,
    );
  }
  console.log("all runs");
  console.log(`  end of speech -> first audio       ${summary(all.flatMap((r) => r.firstAudio))}`);
  console.log(`  barge-in -> playback stopped       ${summary(all.flatMap((r) => r.bargeInStopped))}`);
  console.log(`  barge-in -> agent's interruption   ${summary(all.flatMap((r) => r.bargeInAgent))}`);
  console.log(`  false barge-ins                    ${all.reduce((n, r) => n + r.falseBargeIns, 0)}`);
  console.log(
    `  CPU per voice session: ${all.map((r) => `${(r.cpuShare * 100).toFixed(1)}%`).join(", ")} of one core`,
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
}

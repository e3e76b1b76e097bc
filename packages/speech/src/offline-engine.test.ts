/**
 * The offline engine end to end, with the real pocketsphinx and espeak-ng: an utterance is heard and
 * answered in speech; speaking during the answer interrupts it (barge-in); an echo-quiet voice does not.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SpeechEvent } from "./engine.ts";
import { EspeakSynthesizer } from "./espeak-synthesizer.ts";
import { OfflineSpeechEngine, OfflineSpeechSession, type Responder } from "./offline-engine.ts";
import { OFFLINE_PHRASES } from "./offline-phrases.ts";
import { concatPcm16 } from "./pcm.ts";
import { PocketsphinxRecognizer } from "./pocketsphinx-recognizer.ts";
import { gain, mix, noise, silence, spoken } from "./testing/spoken-audio.ts";

const ANSWER =
  "Here is the answer to that. It is spoken sentence by sentence. It goes on long enough to be interrupted. And then some more.";

/** A stand-in for the agent's model: the answer word by word, 20 ms apart, stopping when aborted. */
const respond: Responder = async function* (prompt, signal) {
  yield `You asked: ${prompt}. `;
  for (const word of ANSWER.split(/(?= )/)) {
    if (signal.aborted) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
    yield word;
  }
};

class Recorder {
  readonly events: SpeechEvent[] = [];
  private waiters: Array<{ test: (e: SpeechEvent) => boolean; resolve: (e: SpeechEvent) => void }> = [];

  constructor(session: OfflineSpeechSession) {
    void (async () => {
      for await (const event of session.events()) {
        this.events.push(event);
        const matched = this.waiters.filter((w) => w.test(event));
        this.waiters = this.waiters.filter((w) => !matched.includes(w));
        for (const waiter of matched) waiter.resolve(event);
      }
    })();
  }

  next(test: (e: SpeechEvent) => boolean): Promise<SpeechEvent> {
    const found = this.events.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }
}

/** Pushes audio in 20 ms pieces (faster than real time: the VAD runs on the audio's own clock). */
function push(session: OfflineSpeechSession, audio: Int16Array): void {
  for (let i = 0; i < audio.length; i += 320) session.pushAudio(audio.subarray(i, i + 320));
}

let session: OfflineSpeechSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

describe("OfflineSpeechSession", () => {
  it("hears an utterance, says what it heard, and answers in speech at the output rate, paced", async () => {
    session = await new OfflineSpeechEngine({ outputSampleRate: 24_000, maxLeadMs: 1000 }).open({ respond });
    const recorder = new Recorder(session);
    push(
      session,
      mix(concatPcm16([silence(300), spoken("what is forty two plus six"), silence(600)]), noise(3000, -65)),
    );
    await recorder.next((e) => e.type === "audio");
    const firstAudioAt = performance.now();
    await recorder.next((e) => e.type === "response_complete");
    const types = recorder.events.map((e) => e.type).filter((t, i, all) => t !== all[i - 1]);
    expect(types).toEqual([
      "speech_started",
      "speech_ended",
      "transcript",
      "latency",
      "response_start",
      "latency",
      "audio",
      "response_complete",
    ]);
    expect(recorder.events.find((e) => e.type === "transcript")).toMatchObject({
      role: "user",
      text: "what is 42 + 6",
      isFinal: true,
    });
    const audio = recorder.events.flatMap((e) => (e.type === "audio" ? [e] : []));
    expect(audio.every((e) => e.sampleRate === 24_000)).toBe(true);
    expect(audio[0]?.text).toBe("You asked: what is 42 + 6.");
    // About 8 s of speech: every sentence of the answer was spoken.
    const seconds = audio.reduce((n, e) => n + e.samples.length, 0) / 24_000;
    expect(seconds).toBeGreaterThan(5);
    // Emitted no further ahead of real time than maxLeadMs (plus the last chunk): the client holds little.
    const lastChunk = (audio.at(-1)?.samples.length ?? 0) / 24_000;
    expect(performance.now() - firstAudioAt).toBeGreaterThan((seconds - 1 - lastChunk - 0.1) * 1000);
    expect(recorder.events.at(-1)).toMatchObject({ type: "response_complete", stopReason: "complete" });
  });

  it("stops the answer when the user speaks over it, then answers the new utterance", async () => {
    session = await new OfflineSpeechEngine({ outputSampleRate: 16_000 }).open({ respond });
    const recorder = new Recorder(session);
    push(session, concatPcm16([silence(300), spoken("what time is it"), silence(600)]));
    const first = await recorder.next((e) => e.type === "audio");
    push(session, concatPcm16([spoken("tell me about traces"), silence(600)]));
    const interruption = await recorder.next((e) => e.type === "interruption");
    expect(interruption).toMatchObject({ reason: "user_speech" });
    if (first.type !== "audio" || interruption.type !== "interruption") throw new Error("unreachable");
    expect(interruption.responseId).toBe(first.responseId);
    await recorder.next((e) => e.type === "transcript" && e.text === "tell me about traces");
    await recorder.next((e) => e.type === "audio" && e.responseId !== first.responseId);
    const cut = recorder.events.indexOf(interruption);
    expect(recorder.events[cut + 1]).toMatchObject({ type: "response_complete", stopReason: "interrupted" });
    // Nothing more of the interrupted answer after the interruption.
    expect(
      recorder.events.slice(cut).some((e) => e.type === "audio" && e.responseId === first.responseId),
    ).toBe(false);
  });

  it("does not let a voice as quiet as an echo interrupt the answer (half-duplex gate)", async () => {
    session = await new OfflineSpeechEngine({ outputSampleRate: 16_000, maxLeadMs: 60_000 }).open({
      respond,
    });
    const recorder = new Recorder(session);
    push(session, concatPcm16([silence(300), spoken("hello"), silence(600)]));
    await recorder.next((e) => e.type === "audio");
    push(
      session,
      mix(concatPcm16([gain(spoken("tell me about traces"), -24), silence(600)]), noise(2500, -65, 4)),
    );
    await recorder.next((e) => e.type === "response_complete");
    expect(recorder.events.some((e) => e.type === "interruption")).toBe(false);
    expect(recorder.events.filter((e) => e.type === "speech_started")).toHaveLength(1);
  });

  it("tells respond which answer it writes, and leaves an answer alone once it has finished playing", async () => {
    const ids: string[] = [];
    const short: Responder = async function* (prompt, _signal, { responseId }) {
      ids.push(responseId);
      yield `${prompt}.`;
    };
    let clock = 0;
    session = await new OfflineSpeechEngine({ outputSampleRate: 16_000, now: () => clock }).open({
      respond: short,
    });
    const recorder = new Recorder(session);
    session.pushText("hello");
    const start = await recorder.next((e) => e.type === "response_start");
    await recorder.next((e) => e.type === "response_complete");
    expect(ids).toEqual([start.type === "response_start" ? start.responseId : ""]);
    // Long after its audio played, speech is a new utterance, not a barge-in.
    clock += 60_000;
    push(session, concatPcm16([silence(300), spoken("what time is it"), silence(600)]));
    await recorder.next((e) => e.type === "speech_ended");
    expect(recorder.events.some((e) => e.type === "interruption")).toBe(false);
  });

  it("answers typed text like speech, and stops the answer when told", async () => {
    session = await new OfflineSpeechEngine({ outputSampleRate: 16_000 }).open({ respond });
    const recorder = new Recorder(session);
    session.pushText("what is the time");
    await recorder.next((e) => e.type === "audio");
    session.interrupt();
    await recorder.next((e) => e.type === "response_complete");
    expect(recorder.events.slice(-2)).toMatchObject([
      { type: "interruption", reason: "user_speech" },
      { type: "response_complete", stopReason: "interrupted" },
    ]);
    expect(recorder.events[0]).toMatchObject({ type: "transcript", role: "user", text: "what is the time" });
  });

  it("reports a recogniser that died as an error event instead of throwing into the caller", async () => {
    // A bad acoustic model makes pocketsphinx exit as soon as it starts.
    const broken = await PocketsphinxRecognizer.start({
      phrases: OFFLINE_PHRASES,
      extraArgs: ["-hmm", "/nonexistent"],
    });
    for (let i = 0; i < 200; i++) {
      try {
        broken.begin().cancel();
        await new Promise((resolve) => setTimeout(resolve, 25));
      } catch {
        break;
      }
    }
    session = new OfflineSpeechSession(
      { outputSampleRate: 16_000 },
      broken,
      new EspeakSynthesizer({ sampleRate: 16_000 }),
      respond,
    );
    const recorder = new Recorder(session);
    push(session, concatPcm16([silence(300), spoken("hello"), silence(600)]));
    const error = await recorder.next((e) => e.type === "error");
    expect(error).toMatchObject({ type: "error", code: "SpeechProgramError" });
  });
});

/**
 * A spoken conversation in Chromium with a fake microphone (voice.md, section 6): the test speaks through a
 * WAV it generates with espeak-ng before the browser starts (an utterance, a pause, a second utterance timed
 * to land while the agent answers). The first utterance is transcribed as an ordinary turn; its answer is
 * heard (samples counted at the playback worklet, reported in the playback mark); the second utterance
 * interrupts it (playback stops, the heard part is shorter than the answer, the turn ends interrupted and
 * traced), and its own answer plays to the end. Every frame either way is within 8 KB and under 250 a
 * second; after a reload both spoken turns are in the history.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_FRAME_BYTES } from "@interject/protocol";
import { concatPcm16, resample, writeWav } from "@interject/speech";
import { noise, silence, spoken } from "@interject/speech/testing";
import { CHROMIUM_ARGS, chromiumPath, fakeMicrophoneArgs } from "../fixtures/chromium.ts";
import { createUser, expect, test } from "../fixtures/test.ts";

/** The user's side of the conversation, in the order the microphone plays it. */
const FIRST = "what time is it";
const SECOND = "hello";
/** Long enough that the first answer has started playing (recognition, model, first audio) when the
 * second utterance begins, short enough that it lands well inside that answer (about 14 s of speech). */
const GAP_MS = 7000;

/**
 * Silence before the first words: the file starts playing when the microphone opens, and the page needs a
 * moment (a busy machine, several) to load its worklets and connect the capture node; a person would wait
 * for "Listening" too.
 */
const LEAD_MS = 5000;

/** Made when this file loads, before any browser starts: the browser reads it when the microphone opens. */
function microphoneWav(): string {
  const words = concatPcm16([
    silence(LEAD_MS),
    spoken(FIRST),
    silence(GAP_MS),
    spoken(SECOND),
    silence(1000),
  ]);
  const floor = noise((words.length / 16_000) * 1000, -62, 3);
  const mixed = Int16Array.from(words, (s, i) => Math.max(-32768, Math.min(32767, s + (floor[i] ?? 0))));
  const dir = join(tmpdir(), "interject-e2e-voice");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `microphone-${process.env.E2E_PORT_OFFSET ?? "0"}.wav`);
  // A device's rate, so the browser's capture path resamples as it would for a real microphone.
  const partial = `${path}.${process.pid}`;
  writeFileSync(partial, writeWav(resample(mixed, 16_000, 48_000), 48_000));
  renameSync(partial, path);
  return path;
}

test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: [...CHROMIUM_ARGS, ...fakeMicrophoneArgs(microphoneWav())],
  },
  permissions: ["microphone"],
});

interface Frame {
  at: number;
  bytes: number;
  message: Record<string, unknown> & { type?: string };
}

test("a spoken conversation: transcribed, heard, interrupted by talking, traced, kept in history", async ({
  page,
  signIn,
  chat,
}) => {
  test.setTimeout(180_000);
  // An admin receives the full trace live: the voice stages and the interruption are checked as sent.
  const admin = await createUser("admin");
  await signIn.signIn(admin.email, admin.password);
  const sent: Frame[] = [];
  const received: Frame[] = [];
  page.on("websocket", (socket) => {
    const record =
      (into: Frame[]) =>
      ({ payload }: { payload: string | Buffer }) => {
        const text = String(payload);
        try {
          into.push({ at: Date.now(), bytes: Buffer.byteLength(text), message: JSON.parse(text) });
        } catch {
          into.push({ at: Date.now(), bytes: Buffer.byteLength(text), message: {} });
        }
      };
    socket.on("framesent", record(sent));
    socket.on("framereceived", record(received));
  });
  // Keyboard only, from the new-chat page: the voice button beside the composer, then Enter. It starts the
  // conversation and opens it with the microphone on.
  await chat.newConversation();
  const voiceButton = page.getByRole("button", { name: "Voice", exact: true });
  await voiceButton.focus();
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname.startsWith("/c/"));
  const conversationId = chat.conversationId();
  await expect(page.getByRole("button", { name: "Voice on" })).toHaveAttribute("aria-pressed", "true");
  const status = page.getByRole("region", { name: "Voice" }).getByRole("status");
  await expect(status).toContainText("Listening", { timeout: 20_000 });
  await expect(page.getByRole("meter", { name: "Microphone level" })).toBeVisible();

  // 1. The first utterance becomes an ordinary turn, live.
  await expect(chat.turns.nth(0).locator(".prompt-text")).toHaveText(FIRST, { timeout: 45_000 });
  await expect(status).toContainText("Speaking", { timeout: 30_000 });
  await chat.screenshot("voice-speaking");

  // 2. The second utterance lands during the answer: playback stops, the turn keeps what was heard.
  await chat.waitForStatus(0, "interrupted");
  await expect(chat.answer(0)).toContainText("Interrupted by your voice");
  const starts = received.filter((f) => f.message.type === "bidi_response_start");
  const firstResponse = String(starts[0]?.message.response_id);
  const firstMark = sent.find(
    (f) => f.message.type === "playback_mark" && f.message.responseId === firstResponse,
  );
  expect(firstMark?.message).toMatchObject({ reason: "interrupted", sampleRate: 16_000 });
  const secondStartAt = starts[1]?.at ?? Number.POSITIVE_INFINITY;
  const firstAudio = received.filter(
    (f) => f.message.type === "bidi_audio_stream" && f.at >= (starts[0]?.at ?? 0) && f.at < secondStartAt,
  );
  const receivedSamples = firstAudio.reduce(
    (n, f) => n + Buffer.from(String(f.message.audio), "base64").length / 2,
    0,
  );
  const playedSamples = Number(firstMark?.message.playedSamples);
  expect(playedSamples).toBeGreaterThan(16_000); // more than a second of it was heard
  expect(playedSamples).toBeLessThan(receivedSamples); // and playback stopped before the end of what arrived

  const [firstTurn = ""] = chat.turnIds();
  const turnFrames = chat.turnFrames(firstTurn);
  const streamed = turnFrames
    .filter((f) => f.type === "chunk")
    .map((f) => f.data)
    .join("");
  const interrupted = turnFrames.find((f) => f.type === "interrupted");
  const interruptedFrame = received.find(
    (f) => f.message.type === "interrupted" && f.message.turnId === firstTurn,
  );
  expect(interruptedFrame?.message.reason).toBe("barge_in");
  const heard = interrupted?.partialResponse ?? "";
  expect(heard.length).toBeGreaterThan(0);
  expect(heard.length).toBeLessThan(streamed.length);
  expect(streamed.startsWith(heard)).toBe(true);
  const traces = received
    .filter((f) => f.message.type === "trace" && f.message.turnId === firstTurn)
    .map((f) => f.message.trace as { kind: string; stage?: string; heard?: string; text?: string });
  expect(traces.filter((t) => t.kind === "voice").map((t) => t.stage)).toEqual([
    "end_of_speech",
    "speech_to_text",
    "text_to_speech",
  ]);
  expect(traces.find((t) => t.stage === "speech_to_text")?.text).toBe(FIRST);
  expect(traces.some((t) => t.kind === "model_call")).toBe(true);
  expect(traces.find((t) => t.kind === "interruption")).toMatchObject({ heard });

  // 3. The second utterance is answered and heard to the end: the whole answer, counted at the worklet.
  await expect(chat.turns.nth(1).locator(".prompt-text")).toHaveText(SECOND, { timeout: 45_000 });
  await chat.waitForStatus(1, "complete");
  const secondStart = received.filter((f) => f.message.type === "bidi_response_start")[1];
  const secondResponse = String(secondStart?.message.response_id);
  const secondMark = sent.find(
    (f) => f.message.type === "playback_mark" && f.message.responseId === secondResponse,
  );
  const secondAudio = received.filter(
    (f) => f.message.type === "bidi_audio_stream" && f.at >= (secondStart?.at ?? Number.POSITIVE_INFINITY),
  );
  const secondSamples = secondAudio.reduce(
    (n, f) => n + Buffer.from(String(f.message.audio), "base64").length / 2,
    0,
  );
  expect(secondMark?.message).toMatchObject({ reason: "finished", playedSamples: secondSamples });
  await expect(status).toContainText("Listening");

  // 4. The wire: every frame within 8 KB, each direction and both under 250 frames in any second.
  for (const frame of [...sent, ...received]) expect(frame.bytes).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  const busiest = (frames: Frame[]) => {
    const times = frames.map((f) => f.at).sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    return most;
  };
  expect(busiest(sent)).toBeLessThan(250);
  expect(busiest(received)).toBeLessThan(250);
  expect(busiest([...sent, ...received])).toBeLessThan(250);
  expect(sent.filter((f) => f.message.type === "bidi_audio_input").length).toBeGreaterThan(200);

  // 5. Mute and push-to-talk are there, and say so.
  await page.getByRole("button", { name: "Mute", exact: true }).press("Enter");
  await expect(page.getByRole("button", { name: "Unmute", exact: true })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(status).toContainText("Muted");
  await page.getByRole("button", { name: "Push to talk", exact: true }).press("Enter");
  await expect(page.getByRole("button", { name: "Hold to talk", exact: true })).toBeVisible();
  await chat.screenshot("voice-push-to-talk");

  // 6. Voice off; after a reload the spoken turns are in the history like typed ones.
  await page.getByRole("button", { name: "Voice on" }).press("Enter");
  await expect(page.getByRole("region", { name: "Voice" })).toBeHidden();
  await chat.open(conversationId);
  await expect(chat.turns).toHaveCount(2);
  await expect(chat.turns.nth(0).locator(".prompt-text")).toHaveText(FIRST);
  await expect(chat.answer(0)).toHaveAttribute("data-status", "interrupted");
  await expect(chat.answer(0)).toContainText(heard.slice(0, 30));
  await expect(chat.turns.nth(1).locator(".prompt-text")).toHaveText(SECOND);
  await expect(chat.answer(1)).toHaveAttribute("data-status", "complete");
});

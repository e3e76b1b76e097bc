/**
 * The kit's voice over a real socket, with the real offline pipeline (pocketsphinx, espeak-ng, generated
 * speech) and the kit's offline model: an utterance becomes an ordinary turn, answered in speech with every
 * stage traced; speaking over the answer cuts it off and the turn keeps only what was heard; Stop and a
 * typed prompt do the same; frames stay within 8 KB; audio reaches the broker only when a setting says so.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AgentMessage,
  AUDIO_INPUT_FRAME_MS,
  MAX_FRAME_BYTES,
  type StreamMessage,
  type Trace,
} from "@interject/protocol";
import { concatPcm16 } from "@interject/speech";
import { noise, silence, spoken } from "@interject/speech/testing";
import { afterEach, describe, expect, it } from "vitest";
import { startAgent, TestClient, until, VoiceTestClient } from "../testing/index.ts";

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

let sessions = 0;
async function voiceAgent(env: Record<string, string> = {}) {
  const { agent, wsBase } = await startAgent({ AGENT_CHUNK_INTERVAL_MS: "100", ...env });
  stops.push(() => agent.close());
  const connect = async () => {
    const client = await TestClient.connect(wsBase, {
      sessionId: `voice-test-session-${process.pid}-${++sessions}-000000000000`,
      query: "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level=full",
    });
    client.send({ type: "resume", afterSeq: 0 });
    const voice = new VoiceTestClient(client, 16_000);
    stops.push(() => {
      voice.close();
      client.close();
    });
    return { client, voice };
  };
  return { agent, connect };
}

/** An utterance as a microphone hears it: quiet room noise, the words, then a pause. */
function utterance(text: string, pauseMs = 900): Int16Array {
  const words = concatPcm16([silence(200), spoken(text), silence(pauseMs)]);
  const floor = noise(Math.ceil((words.length / 16_000) * 1000), -65, 7);
  return Int16Array.from(words, (s, i) => Math.max(-32768, Math.min(32767, s + (floor[i] ?? 0))));
}

function traces(client: TestClient, turnId: string): Trace[] {
  return client.of("trace").flatMap((m) => (m.turnId === turnId ? [m.trace] : []));
}

function chunksOf(client: TestClient, turnId: string): string {
  return client
    .of("chunk")
    .filter((m) => m.turnId === turnId)
    .map((m) => m.data)
    .join("");
}

describe("voice in the kit", () => {
  it("hears an utterance as an ordinary turn and answers in speech, every stage traced", async () => {
    const { connect } = await voiceAgent();
    const { client, voice } = await connect();
    expect(await voice.start()).toMatchObject({ type: "bidi_connection_start", model: "offline" });
    await voice.speak(utterance("what time is it"), { realTime: false });

    const turn = await client.waitFor("turn");
    expect(turn.prompt).toBe("what time is it");
    expect(client.of("bidi_transcript_stream")[0]).toMatchObject({
      role: "user",
      text: "what time is it",
      is_final: true,
    });
    // The turn completes once the client says the whole answer played: in real time, about 20 s of speech
    // (the offline model introduces itself first), longer than waitFor's safety net.
    await until(() => (voice.answers[0]?.ended ?? null) !== null, "the answer played to its end", 60_000);
    const complete = await client.waitFor("complete");
    expect(complete.turnId).toBe(turn.turnId);
    expect(complete.fullResponse).toMatch(/According to the clock, it is now/);
    expect(chunksOf(client, turn.turnId)).toBe(complete.fullResponse);
    // The whole answer was played before the turn completed.
    const played = voice.answers[0];
    expect(played?.ended).toBe("finished");
    expect(played?.playedSamples).toBe(played?.receivedSamples);
    expect((played?.receivedSamples ?? 0) / 16_000).toBeGreaterThan(5);

    const stages = traces(client, turn.turnId).flatMap((t) => (t.kind === "voice" ? [t] : []));
    expect(stages.map((t) => t.stage)).toEqual(["end_of_speech", "speech_to_text", "text_to_speech"]);
    expect(stages[1]).toMatchObject({ engine: "pocketsphinx", text: "what time is it" });
    expect(stages[2]).toMatchObject({ engine: "espeak-ng", text: "I'm Interject's offline model:" });
    for (const stage of stages) expect(stage.latencyMs).toBeGreaterThanOrEqual(0);
    const model = traces(client, turn.turnId).find((t) => t.kind === "model_call");
    expect(model).toMatchObject({ provider: "offline" });
    expect(model?.kind === "model_call" ? model.timeToFirstTokenMs : null).not.toBeNull();

    // The voice messages are part of the event log; every frame within 8 KB.
    const types = new Set(client.messages.map((m) => m.type));
    for (const type of ["bidi_response_start", "bidi_audio_stream", "bidi_response_complete"]) {
      expect(types.has(type as AgentMessage["type"])).toBe(true);
    }
    for (const raw of client.raw) expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it("cuts the answer off when the user speaks over it, keeping only what was heard", async () => {
    const { connect } = await voiceAgent();
    const { client, voice } = await connect();
    voice.clientBargeIn = false; // the agent's own detector must notice
    await voice.start();
    await voice.speak(utterance("what time is it"), { realTime: false });
    const first = await client.waitFor("turn");
    await until(() => (voice.answers[0]?.playedSamples ?? 0) > 16_000 * 1.5, "1.5 s of the answer played");
    await voice.speak(utterance("tell me about the protocol"));

    const interrupted = await client.waitFor("interrupted");
    expect(interrupted).toMatchObject({ turnId: first.turnId, reason: "barge_in" });
    const sent = chunksOf(client, first.turnId);
    expect(sent.startsWith(interrupted.partialResponse)).toBe(true);
    expect(interrupted.partialResponse.length).toBeGreaterThan(0);
    expect(interrupted.partialResponse.length).toBeLessThan(sent.length);
    expect(voice.answers[0]).toMatchObject({ ended: "interrupted", stoppedBy: "agent" });
    const cut = traces(client, first.turnId).find((t) => t.kind === "interruption");
    expect(cut).toMatchObject({ reason: "barge_in", heard: interrupted.partialResponse });
    expect(cut?.kind === "interruption" ? cut.playedMs : 0).toBeGreaterThan(1400);
    expect(client.of("bidi_interruption")[0]).toMatchObject({ reason: "user_speech" });

    // The new utterance is answered next, with the cut answer in its context as heard.
    const second = await client.waitFor("turn", 2);
    expect(second.prompt).toBe("tell me about the protocol");
    await client.waitFor("complete");
  });

  it("stops playing at once when the client hears the user, and the turn keeps what its mark says", async () => {
    const { connect } = await voiceAgent();
    const { client, voice } = await connect();
    await voice.start();
    await voice.speak(utterance("what time is it"), { realTime: false });
    const first = await client.waitFor("turn");
    await until(() => (voice.answers[0]?.playedSamples ?? 0) > 16_000 * 2, "2 s played");
    await voice.speak(utterance("hello"));
    const interrupted = await client.waitFor("interrupted");
    const answer = voice.answers[0];
    expect(answer?.stoppedBy).toBe("client");
    const cut = traces(client, first.turnId).find((t) => t.kind === "interruption");
    // What was heard is what the client played: its mark, to the millisecond.
    expect(cut?.kind === "interruption" ? cut.playedMs : -1).toBe(
      Math.round(((answer?.playedSamples ?? 0) / 16_000) * 1000),
    );
    expect(interrupted.partialResponse.length).toBeLessThan(chunksOf(client, first.turnId).length);
  });

  it("stops a spoken answer on Stop, and a typed prompt ends it too, each keeping what was heard", async () => {
    const { connect } = await voiceAgent();
    const { client, voice } = await connect();
    await voice.start();
    client.send({ type: "bidi_text_input", text: "what time is it" });
    const first = await client.waitFor("turn");
    expect(first.prompt).toBe("what time is it");
    await until(() => (voice.answers[0]?.playedSamples ?? 0) > 16_000, "1 s played");
    client.send({ type: "interrupt" });
    // The browser stops its playback as it sends Stop: here the agent's interruption does it.
    const stopped = await client.waitFor("interrupted");
    expect(stopped).toMatchObject({ turnId: first.turnId, reason: "user" });
    expect(chunksOf(client, first.turnId).startsWith(stopped.partialResponse)).toBe(true);
    expect(stopped.partialResponse.length).toBeLessThan(chunksOf(client, first.turnId).length);

    client.send({ type: "bidi_text_input", text: "hello" });
    const second = await client.waitFor("turn", 2);
    await until(() => (voice.answers[1]?.playedSamples ?? 0) > 8000, "half a second played");
    client.send({ type: "prompt", id: "typed", text: "What is 6 * 7?" });
    const yielded = await client.waitFor("interrupted", 2);
    expect(yielded).toMatchObject({ turnId: second.turnId, reason: "new_prompt" });
    expect(yielded.partialResponse.length).toBeLessThan(chunksOf(client, second.turnId).length);
    expect((await client.waitFor("complete")).fullResponse).toContain("6 * 7 = 42");
  });

  it("ends an utterance when push-to-talk is released, without waiting for silence", async () => {
    const { connect } = await voiceAgent();
    const { client, voice } = await connect();
    await voice.start("push_to_talk");
    // No pause after the words: only utterance_end tells the agent the user finished.
    await voice.speak(concatPcm16([silence(200), spoken("hello")]), { realTime: false });
    client.send({ type: "utterance_end" });
    expect((await client.waitFor("turn")).prompt).toBe("hello");
  });

  it("takes 25 audio frames a second, with pings, under the default inbound limit", async () => {
    const { connect } = await voiceAgent();
    const { client, voice } = await connect();
    await voice.start();
    const pinger = setInterval(() => client.send({ type: "ping" }), 200);
    await voice.speak(silence(3000));
    clearInterval(pinger);
    await until(() => client.of("pong").length >= 14, "pongs");
    expect(client.of("error").filter((e) => e.code === "rate_limited")).toEqual([]);
    expect(voice.sent.length).toBe(3000 / AUDIO_INPUT_FRAME_MS);
  });

  it("says when voice is unavailable, and text chat carries on", async () => {
    const { connect } = await voiceAgent({ AGENT_VOICE: "off" });
    const { client, voice } = await connect();
    expect(await voice.start()).toMatchObject({ type: "bidi_connection_close", reason: "error" });
    expect(client.of("bidi_error")[0]).toMatchObject({
      code: "VoiceUnavailableError",
      message: expect.stringContaining("AGENT_VOICE=off"),
    });
    client.send({ type: "bidi_audio_input", audio: "AAAA", format: "pcm", sample_rate: 16_000, channels: 1 });
    client.send({ type: "prompt", id: "p", text: "What is 2 + 2?" });
    expect((await client.waitFor("complete")).fullResponse).toContain("2 + 2 = 4");
  });
});

describe("voice and the broker", () => {
  /** A broker stand-in that records what the agent reports (only the ingest endpoint). */
  async function broker(): Promise<{ url: string; events: StreamMessage[]; server: Server }> {
    const events: StreamMessage[] = [];
    const server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on("data", (part: Buffer) => parts.push(part));
      req.on("end", () => {
        if (req.url?.startsWith("/internal/v1/sessions/")) {
          res.writeHead(404).end();
          return;
        }
        const batch = JSON.parse(Buffer.concat(parts).toString("utf8")) as {
          events: Array<{ message: StreamMessage }>;
        };
        events.push(...batch.events.map((e) => e.message));
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ accepted: batch.events.length, duplicates: 0 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, events, server };
  }

  for (const store of [false, true]) {
    it(`reports the spoken turn like a typed one, its audio ${store ? "too" : "not"} with AGENT_VOICE_STORE_AUDIO=${store}`, async () => {
      const { url, events } = await broker();
      const { connect } = await voiceAgent({
        BROKER_INGEST_URL: url,
        BROKER_INGEST_TOKEN: "test-token",
        AGENT_INGEST_FLUSH_MS: "50",
        AGENT_VOICE_STORE_AUDIO: String(store),
      });
      const { client, voice } = await connect();
      await voice.start();
      client.send({ type: "bidi_text_input", text: "hello" });
      await client.waitFor("complete");
      await until(() => events.some((e) => e.type === "complete"), "the turn reported");
      const types = new Set(events.map((e) => e.type));
      expect(types.has("turn")).toBe(true);
      expect(types.has("bidi_transcript_stream")).toBe(true);
      expect(types.has("bidi_response_complete")).toBe(true);
      expect(types.has("bidi_audio_stream")).toBe(store);
    });
  }
});

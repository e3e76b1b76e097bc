/**
 * Voice messages: Strands' bidirectional events as Strands writes them, Interject's additions, strictness,
 * and audio framing that keeps every frame within 8 KB and a connection far under 250 frames a second.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AgentMessage,
  AUDIO_INPUT_FRAME_MS,
  AUDIO_OUTPUT_FRAME_MS,
  audioFrames,
  base64ToBytes,
  bytesToBase64,
  isStreamMessage,
  isVoiceStreamMessage,
  MAX_FRAME_BYTES,
  maxAudioBytesPerFrame,
  parseAgentMessage,
  parseClientMessage,
  StreamMessage,
  splitAudioBytes,
  VOICE_AGENT_MESSAGE_TYPES,
  VOICE_CLIENT_MESSAGE_TYPES,
  VoiceAgentMessage,
  VoiceClientMessage,
} from "./index.ts";

/** AgentCore's limit (WEBSOCKET_MAX_FRAMES_PER_SECOND in @interject/agentcore-sigv4, which owns it). */
const AGENTCORE_FRAMES_PER_SECOND = 250;

const audio = bytesToBase64(new Uint8Array([1, 0, 0xfe, 0xff]));

const clientMessages: unknown[] = [
  { type: "bidi_audio_input", audio, format: "pcm", sample_rate: 16_000, channels: 1 },
  { type: "bidi_text_input", text: "what time is it", role: "user" },
  { type: "bidi_text_input", text: "what time is it" },
  { type: "voice_start", mode: "open_mic", outputSampleRate: 24_000 },
  { type: "voice_start", mode: "push_to_talk", outputSampleRate: 16_000 },
  { type: "voice_end" },
  { type: "utterance_end" },
  {
    type: "playback_mark",
    responseId: "r1",
    playedSamples: 12_345,
    sampleRate: 24_000,
    reason: "interrupted",
  },
];

/** Agent events exactly as a Strands BidiAgent's dicts serialize to JSON, plus Interject's seq. */
const agentMessages: unknown[] = [
  { type: "bidi_connection_start", seq: 4, connection_id: "c1", model: "offline" },
  { type: "bidi_response_start", seq: 5, response_id: "r1" },
  {
    type: "bidi_transcript_stream",
    seq: 6,
    delta: { text: "what time is it" },
    text: "what time is it",
    role: "user",
    is_final: true,
    current_transcript: "what time is it",
  },
  {
    type: "bidi_transcript_stream",
    seq: 7,
    delta: { text: "It is" },
    text: "It is",
    role: "assistant",
    is_final: false,
    current_transcript: null,
  },
  { type: "bidi_audio_stream", seq: 8, audio, format: "pcm", sample_rate: 24_000, channels: 1 },
  { type: "bidi_interruption", seq: 9, reason: "user_speech" },
  { type: "bidi_response_complete", seq: 10, response_id: "r1", stop_reason: "interrupted" },
  { type: "bidi_usage", seq: 11, inputTokens: 10, outputTokens: 20, totalTokens: 30 },
  {
    type: "bidi_usage",
    seq: 12,
    inputTokens: 10,
    outputTokens: 20,
    totalTokens: 30,
    modality_details: [{ modality: "audio", input_tokens: 8, output_tokens: 16 }],
    cacheReadInputTokens: 2,
    cacheWriteInputTokens: 0,
  },
  { type: "bidi_error", seq: 12, message: "pocketsphinx exited", code: "SpeechProgramError", details: null },
  { type: "bidi_connection_close", seq: 12, connection_id: "c1", reason: "user_request" },
];

describe("voice message schemas", () => {
  it("use the Strands bidirectional event names, and Interject's own for what Strands lacks", () => {
    expect([...VOICE_AGENT_MESSAGE_TYPES].sort()).toEqual([
      "bidi_audio_stream",
      "bidi_connection_close",
      "bidi_connection_start",
      "bidi_error",
      "bidi_interruption",
      "bidi_response_complete",
      "bidi_response_start",
      "bidi_transcript_stream",
      "bidi_usage",
    ]);
    expect([...VOICE_CLIENT_MESSAGE_TYPES].sort()).toEqual([
      "bidi_audio_input",
      "bidi_text_input",
      "playback_mark",
      "utterance_end",
      "voice_end",
      "voice_start",
    ]);
  });

  it("accept every message as sent, after a JSON round trip", () => {
    for (const message of clientMessages) {
      expect(VoiceClientMessage.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
    }
    for (const message of agentMessages) {
      expect(VoiceAgentMessage.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
    }
  });

  it("refuse any field beyond the schema's (a Strands agent would fail on it too)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...clientMessages, ...agentMessages),
        fc.string({ minLength: 1, maxLength: 12 }),
        (message, key) => {
          fc.pre(!(key in (message as object)));
          const schema = VOICE_CLIENT_MESSAGE_TYPES.includes((message as { type: never }).type)
            ? VoiceClientMessage
            : VoiceAgentMessage;
          expect(schema.safeParse({ ...(message as object), [key]: 1 }).success).toBe(false);
        },
      ),
    );
  });

  it("take audio in only as PCM16 mono 16 kHz base64, and out at 16 or 24 kHz", () => {
    const input = { type: "bidi_audio_input", audio, format: "pcm", sample_rate: 16_000, channels: 1 };
    expect(VoiceClientMessage.safeParse({ ...input, sample_rate: 48_000 }).success).toBe(false);
    expect(VoiceClientMessage.safeParse({ ...input, channels: 2 }).success).toBe(false);
    expect(VoiceClientMessage.safeParse({ ...input, format: "opus" }).success).toBe(false);
    expect(VoiceClientMessage.safeParse({ ...input, audio: "not base64!" }).success).toBe(false);
    expect(VoiceClientMessage.safeParse({ ...input, audio: "AAA" }).success).toBe(false);
    expect(VoiceClientMessage.safeParse({ ...input, audio: "A".repeat(MAX_FRAME_BYTES + 4) }).success).toBe(
      false,
    );
    const output = {
      type: "bidi_audio_stream",
      seq: 1,
      audio,
      format: "pcm",
      sample_rate: 24_000,
      channels: 1,
    };
    expect(VoiceAgentMessage.safeParse({ ...output, sample_rate: 16_000 }).success).toBe(true);
    expect(VoiceAgentMessage.safeParse({ ...output, sample_rate: 22_050 }).success).toBe(false);
    expect(VoiceAgentMessage.safeParse({ ...output, seq: undefined }).success).toBe(false);
  });

  it("keep Strands' shapes: role only user from a client, an interruption's reason, a transcript's null", () => {
    expect(
      VoiceClientMessage.safeParse({ type: "bidi_text_input", text: "hi", role: "assistant" }).success,
    ).toBe(false);
    expect(VoiceClientMessage.safeParse({ type: "bidi_text_input", text: "" }).success).toBe(false);
    expect(VoiceAgentMessage.safeParse({ type: "bidi_interruption", seq: 1, reason: "user" }).success).toBe(
      false,
    );
    const transcript = agentMessages[3] as Record<string, unknown>;
    const { current_transcript: _, ...withoutCurrent } = transcript;
    expect(VoiceAgentMessage.safeParse(withoutCurrent).success).toBe(false);
  });

  it("sort agent messages into the event log (answers, transcripts, audio) and per-connection ones", () => {
    const stream = agentMessages
      .map((m) => VoiceAgentMessage.parse(m))
      .filter(isVoiceStreamMessage)
      .map((m) => m.type);
    expect(new Set(stream)).toEqual(
      new Set([
        "bidi_response_start",
        "bidi_transcript_stream",
        "bidi_audio_stream",
        "bidi_interruption",
        "bidi_response_complete",
        "bidi_usage",
      ]),
    );
  });
});

describe("voice in the protocol's unions", () => {
  it("parses every voice client message from a frame, as the agent reads frames", () => {
    for (const message of clientMessages) {
      const parsed = parseClientMessage(JSON.stringify(message));
      expect(parsed).toEqual({ ok: true, value: message });
    }
    const bad = parseClientMessage(JSON.stringify({ ...(clientMessages[0] as object), channels: 2 }));
    expect(bad.ok ? null : bad.error.code).toBe("invalid_message");
  });

  it("parses every voice agent message, and files the stream ones in the event log", () => {
    for (const message of agentMessages) {
      const parsed = parseAgentMessage(JSON.stringify(message));
      if (!parsed.ok) throw new Error(parsed.error.message);
      const voice = VoiceAgentMessage.parse(message);
      expect(isStreamMessage(parsed.value)).toBe(isVoiceStreamMessage(voice));
      expect(StreamMessage.safeParse(message).success).toBe(isVoiceStreamMessage(voice));
      expect(AgentMessage.safeParse(message).success).toBe(true);
    }
  });
});

describe("audio frames", () => {
  const agentEnvelope = {
    type: "bidi_audio_stream",
    seq: 0,
    format: "pcm",
    sample_rate: 24_000,
    channels: 1,
  };
  const clientEnvelope = { type: "bidi_audio_input", format: "pcm", sample_rate: 16_000, channels: 1 };

  it("keep every frame within 8 KB, on sample boundaries, and give back the audio exactly", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40_000 }).map((b) => b.subarray(0, b.length - (b.length % 2))),
        fc.constantFrom(
          { envelope: agentEnvelope, rate: 24_000 },
          { envelope: { ...agentEnvelope, sample_rate: 16_000 }, rate: 16_000 },
          { envelope: clientEnvelope, rate: 16_000 },
        ),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (bytes, { envelope, rate }, frameMs, seq) => {
          const frames = audioFrames(bytes, envelope, rate, frameMs);
          const decoded = frames.map(base64ToBytes);
          expect(decoded.every((d) => d.length > 0 && d.length % 2 === 0)).toBe(true);
          expect(Buffer.concat(decoded).equals(Buffer.from(bytes))).toBe(true);
          for (const audio of frames) {
            const frame = JSON.stringify(
              "seq" in envelope ? { ...envelope, seq, audio } : { ...envelope, audio },
            );
            expect(new TextEncoder().encode(frame).byteLength).toBeLessThanOrEqual(MAX_FRAME_BYTES);
            const schema = "seq" in envelope ? VoiceAgentMessage : VoiceClientMessage;
            expect(schema.safeParse(JSON.parse(frame)).success).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("fill a frame as far as 8 KB allows: 6 bytes more would not fit", () => {
    const max = maxAudioBytesPerFrame(agentEnvelope);
    expect(max % 6).toBe(0);
    const size = (bytes: number) =>
      JSON.stringify({
        ...agentEnvelope,
        seq: Number.MAX_SAFE_INTEGER,
        audio: bytesToBase64(new Uint8Array(bytes)),
      }).length;
    expect(size(max)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    expect(size(max + 6)).toBeGreaterThan(MAX_FRAME_BYTES);
    // About 126 ms of 24 kHz audio: the default 100 ms frame fits whole.
    expect(max).toBeGreaterThanOrEqual((24_000 * AUDIO_OUTPUT_FRAME_MS * 2) / 1000);
  });

  it("keep a voice connection far under AgentCore's 250 frames a second at the default durations", () => {
    const second = (rate: number) => new Uint8Array(rate * 2);
    const inbound = audioFrames(second(16_000), clientEnvelope, 16_000, AUDIO_INPUT_FRAME_MS).length;
    const outbound = audioFrames(second(24_000), agentEnvelope, 24_000, AUDIO_OUTPUT_FRAME_MS).length;
    expect(inbound).toBe(25);
    expect(outbound).toBe(10);
    expect(inbound + outbound).toBeLessThan(AGENTCORE_FRAMES_PER_SECOND / 4);
  });

  it("refuse half samples and budgets below one sample", () => {
    expect(() => splitAudioBytes(new Uint8Array(3), 100)).toThrow(RangeError);
    expect(() => splitAudioBytes(new Uint8Array(4), 1)).toThrow(RangeError);
    expect(splitAudioBytes(new Uint8Array(10), 5).map((p) => p.length)).toEqual([4, 4, 2]);
    expect(() => maxAudioBytesPerFrame({ pad: "x".repeat(MAX_FRAME_BYTES) })).toThrow(RangeError);
  });
});

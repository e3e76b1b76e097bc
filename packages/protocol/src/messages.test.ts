/** Every message round-trips through its parser; the seed format parses as a prompt. */
import { describe, expect, it } from "vitest";
import type { AgentMessage, ClientMessage } from "./index.ts";
import { isStreamMessage, PROTOCOL_VERSION, parseAgentMessage, parseClientMessage } from "./index.ts";

const clientMessages: ClientMessage[] = [
  { type: "prompt", id: "p1", text: "Hello there" },
  { type: "interrupt" },
  { type: "interrupt", turnId: "t1" },
  { type: "resume", afterSeq: 0 },
  { type: "resume", afterSeq: 42 },
  { type: "approval", requestId: "r1", decision: "approve" },
  { type: "approval", requestId: "r1", decision: "deny" },
  { type: "ping" },
  { type: "ping", nonce: "n-1" },
];

const sessionId = "0f8fad5b-d9cb-469f-a165-70867728950e-conversation";
const at = 1_763_000_000_000;

const agentMessages: AgentMessage[] = [
  {
    type: "session",
    seq: 0,
    sessionId,
    protocolVersion: PROTOCOL_VERSION,
    resumed: false,
    lastSeq: 0,
    traceLevel: "milestones",
    activeTurnId: null,
  },
  { type: "turn", seq: 1, turnId: "t1", promptId: "p1", prompt: "Hello", at },
  { type: "chunk", seq: 2, turnId: "t1", data: "Hel" },
  {
    type: "trace",
    seq: 3,
    turnId: "t1",
    trace: { kind: "milestone", at, text: "Searching the knowledge base" },
  },
  { type: "trace", seq: 4, turnId: "t1", trace: { kind: "reasoning", at, rationale: "The user greets me." } },
  {
    type: "trace",
    seq: 5,
    turnId: "t1",
    trace: { kind: "tool_call", at, callId: "c1", name: "calculator", input: { expression: "1+1" } },
  },
  {
    type: "trace",
    seq: 6,
    turnId: "t1",
    trace: {
      kind: "tool_result",
      at,
      callId: "c1",
      name: "calculator",
      output: "2",
      isError: false,
      durationMs: 1.5,
    },
  },
  {
    type: "trace",
    seq: 7,
    turnId: "t1",
    trace: {
      kind: "model_call",
      at,
      provider: "offline",
      model: "interject-offline-1",
      timeToFirstTokenMs: 3,
      latencyMs: 120,
      inputTokens: 40,
      outputTokens: 12,
      stopReason: "end_turn",
    },
  },
  {
    type: "trace",
    seq: 8,
    turnId: "t1",
    trace: { kind: "interruption", at, reason: "user", partialChars: 3 },
  },
  {
    type: "trace",
    seq: 9,
    turnId: "t1",
    trace: { kind: "approval", at, requestId: "r1", tool: "send_email", decision: "approved" },
  },
  {
    type: "approval_request",
    seq: 10,
    turnId: "t1",
    requestId: "r1",
    tool: "send_email",
    summary: "Send the summary to alice@example.com",
    input: { to: "alice@example.com", subject: "Summary", nested: [1, null, true] },
    deadline: at + 120_000,
  },
  { type: "complete", seq: 11, turnId: "t1", fullResponse: "Hello" },
  { type: "interrupted", seq: 12, turnId: "t2", partialResponse: "Hel", reason: "new_prompt" },
  {
    type: "error",
    seq: 13,
    turnId: "t3",
    error: "The model failed; try again.",
    code: "model_error",
    retryable: true,
  },
  { type: "error", seq: 13, error: "Unknown message type.", code: "unknown_type", retryable: false },
  { type: "pong", seq: 13, nonce: "n-1", at },
  {
    type: "trace",
    seq: 9,
    turnId: "t1",
    trace: {
      kind: "interruption",
      at,
      reason: "barge_in",
      partialChars: 9,
      heard: "It is ten",
      playedMs: 820,
    },
  },
  {
    type: "trace",
    seq: 9,
    turnId: "t1",
    trace: {
      kind: "voice",
      at,
      stage: "speech_to_text",
      engine: "pocketsphinx",
      latencyMs: 372,
      text: "what time is it",
    },
  },
];

describe("client messages", () => {
  it.each(clientMessages)("round-trips $type", (message) => {
    expect(parseClientMessage(JSON.stringify(message))).toEqual({ ok: true, value: message });
  });

  it("parses the seed articles' {inputText} as a prompt with a fresh id", () => {
    const result = parseClientMessage(
      JSON.stringify({ inputText: "日本の歴史について教えて" }),
      () => "generated",
    );
    expect(result).toEqual({
      ok: true,
      value: { type: "prompt", id: "generated", text: "日本の歴史について教えて" },
    });
  });

  it("gives the seed form a random id by default", () => {
    const a = parseClientMessage('{"inputText":"hi"}');
    const b = parseClientMessage('{"inputText":"hi"}');
    expect(
      a.ok && b.ok && a.value.type === "prompt" && b.value.type === "prompt" && a.value.id !== b.value.id,
    ).toBe(true);
  });
});

describe("agent messages", () => {
  it.each(agentMessages.map((m) => [m.type, m] as const))("round-trips %s", (_type, message) => {
    expect(parseAgentMessage(JSON.stringify(message))).toEqual({ ok: true, value: message });
  });

  it("tells stream messages from connection messages", () => {
    const stream = agentMessages.filter(isStreamMessage).map((m) => m.type);
    expect(stream).not.toContain("session");
    expect(stream).not.toContain("pong");
    expect(agentMessages.filter((m) => !isStreamMessage(m)).map((m) => m.type)).toEqual([
      "session",
      "error",
      "pong",
    ]);
  });

  it("keeps the AgentCore articles' field names, so a plain client works", () => {
    const plain = (m: AgentMessage) => JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
    expect(plain(agentMessages[2] as AgentMessage)).toMatchObject({ type: "chunk", data: "Hel" });
    expect(plain(agentMessages[11] as AgentMessage)).toMatchObject({
      type: "complete",
      fullResponse: "Hello",
    });
    expect(plain(agentMessages[12] as AgentMessage)).toMatchObject({
      type: "interrupted",
      partialResponse: "Hel",
    });
    expect("error" in plain(agentMessages[13] as AgentMessage)).toBe(true);
  });
});

describe("revocation", () => {
  it("an answer ended because the runtime session was stopped says so, in its message and its trace", () => {
    const interrupted = {
      type: "interrupted",
      seq: 20,
      turnId: "t4",
      partialResponse: "Hel",
      reason: "revoked",
    };
    const trace = {
      type: "trace",
      seq: 19,
      turnId: "t4",
      trace: { kind: "interruption", at, reason: "revoked", partialChars: 3 },
    };
    expect(parseAgentMessage(JSON.stringify(interrupted))).toEqual({ ok: true, value: interrupted });
    expect(parseAgentMessage(JSON.stringify(trace))).toEqual({ ok: true, value: trace });
  });
});

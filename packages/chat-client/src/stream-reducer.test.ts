/**
 * The stream reducer: chunks, optimistic prompts, interrupts, resume replays and duplicates by seq, approval
 * verdicts in their place in the answer, and turns cut off when the connection ends for good.
 */
import type { AgentMessage, InterruptedMessage, StreamMessage } from "@interject/protocol";
import { describe, expect, it } from "vitest";
import { activeTurn, type ChatState, EMPTY_CHAT_STATE } from "./chat-state.ts";
import { chatReducer, reduceMessages } from "./stream-reducer.ts";

const SESSION_ID = "session-0123456789-0123456789-0123456789";
const at = 1_700_000_000_000;

function turn(seq: number, turnId = "t1", promptId = "p1", prompt = "hello"): StreamMessage {
  return { type: "turn", seq, turnId, promptId, prompt, at };
}
function chunk(seq: number, data: string, turnId = "t1"): StreamMessage {
  return { type: "chunk", seq, turnId, data };
}

describe("chatReducer", () => {
  it("concatenates chunks into the turn's answer and completes it", () => {
    const state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      chunk(2, "Hel"),
      chunk(3, "lo **wor"),
      chunk(4, "ld**"),
      { type: "complete", seq: 5, turnId: "t1", fullResponse: "Hello **world**" },
    ]);
    expect(state.turns).toHaveLength(1);
    expect(state.turns[0]?.text).toBe("Hello **world**");
    expect(state.turns[0]?.status).toBe("complete");
    expect(state.lastSeq).toBe(5);
  });

  it("ends a turn only with the last part of a long final message, keeping the streamed text", () => {
    const long = "x".repeat(20_000);
    let state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      chunk(2, long),
      { type: "complete", seq: 3, turnId: "t1", fullResponse: long.slice(0, 8000), part: 1, parts: 3 },
    ]);
    expect(state.turns[0]).toMatchObject({ status: "streaming", text: long });
    state = reduceMessages(state, [
      { type: "complete", seq: 4, turnId: "t1", fullResponse: long.slice(8000, 16000), part: 2, parts: 3 },
      { type: "complete", seq: 5, turnId: "t1", fullResponse: long.slice(16000), part: 3, parts: 3 },
    ]);
    expect(state.turns[0]).toMatchObject({ status: "complete", text: long });
  });

  it("keeps the whole partial answer when an interruption comes in parts", () => {
    const long = "y".repeat(12_000);
    const state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      chunk(2, long),
      {
        type: "interrupted",
        seq: 3,
        turnId: "t1",
        partialResponse: long.slice(0, 7000),
        reason: "user",
        part: 1,
        parts: 2,
      },
      {
        type: "interrupted",
        seq: 4,
        turnId: "t1",
        partialResponse: long.slice(7000),
        reason: "user",
        part: 2,
        parts: 2,
      },
    ]);
    expect(state.turns[0]).toMatchObject({ status: "interrupted", text: long });
  });

  it("turns an optimistic prompt into the agent's turn by promptId", () => {
    let state = chatReducer(EMPTY_CHAT_STATE, { type: "prompt_sent", promptId: "p1", text: "hello", at });
    expect(state.turns[0]?.status).toBe("pending");
    expect(activeTurn(state)?.promptId).toBe("p1");
    state = reduceMessages(state, [turn(1), chunk(2, "Hi")]);
    expect(state.turns).toHaveLength(1);
    expect(state.turns[0]).toMatchObject({ turnId: "t1", status: "streaming", text: "Hi" });
  });

  it("ignores replayed messages whose seq it has already applied", () => {
    const first = reduceMessages(EMPTY_CHAT_STATE, [turn(1), chunk(2, "a"), chunk(3, "b")]);
    // After a reconnect, `resume` with afterSeq 2 might still overlap if the server replays from earlier.
    const replayed = reduceMessages(first, [chunk(2, "a"), chunk(3, "b"), chunk(4, "c")]);
    expect(replayed.turns[0]?.text).toBe("abc");
    expect(replayed.lastSeq).toBe(4);
  });

  it("does not let connection messages advance the seq", () => {
    const state = reduceMessages(EMPTY_CHAT_STATE, [turn(1), chunk(2, "a")]);
    const messages: AgentMessage[] = [
      {
        type: "session",
        seq: 2,
        sessionId: SESSION_ID,
        protocolVersion: 1,
        resumed: true,
        lastSeq: 2,
        traceLevel: "full",
        activeTurnId: "t1",
      },
      { type: "pong", seq: 2, at },
      { type: "error", seq: 2, error: "Slow down.", code: "rate_limited", retryable: true },
    ];
    const next = reduceMessages(state, messages);
    expect(next.lastSeq).toBe(2);
    expect(next.sessionId).toBe(SESSION_ID);
    expect(next.traceLevel).toBe("full");
    expect(next.notice).toMatchObject({ code: "rate_limited" });
    expect(next.turns[0]?.text).toBe("a");
  });

  it("keeps the partial answer when a turn is interrupted and starts the next one after it", () => {
    let state = reduceMessages(EMPTY_CHAT_STATE, [turn(1), chunk(2, "The first ")]);
    state = chatReducer(state, { type: "stop_requested", turnId: "t1" });
    expect(state.turns[0]?.stopRequested).toBe(true);
    state = reduceMessages(state, [
      { type: "interrupted", seq: 3, turnId: "t1", partialResponse: "The first ", reason: "new_prompt" },
      turn(4, "t2", "p2", "second"),
      chunk(5, "Second answer", "t2"),
    ]);
    expect(state.turns.map((t) => [t.status, t.text])).toEqual([
      ["interrupted", "The first "],
      ["streaming", "Second answer"],
    ]);
    expect(state.turns[0]?.interruptReason).toBe("new_prompt");
  });

  it("keeps traces and approval requests with their turn, and records the user's answer", () => {
    let state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      { type: "trace", seq: 2, turnId: "t1", trace: { kind: "milestone", at, text: "Searching" } },
      {
        type: "approval_request",
        seq: 3,
        turnId: "t1",
        requestId: "r1",
        tool: "delete_file",
        summary: "Delete notes.txt",
        input: { path: "notes.txt" },
        deadline: at + 60_000,
      },
    ]);
    state = chatReducer(state, { type: "approval_answered", requestId: "r1", decision: "deny" });
    expect(state.turns[0]?.traces.map((t) => t.trace.kind)).toEqual(["milestone"]);
    expect(state.turns[0]?.approvals[0]).toMatchObject({
      requestId: "r1",
      answered: "deny",
      tool: "delete_file",
    });
  });

  it("marks a streaming answer as cut off when the agent no longer runs it and has nothing to replay", () => {
    const hello = (lastSeq: number, activeTurnId: string | null): AgentMessage => ({
      type: "session",
      seq: lastSeq,
      sessionId: SESSION_ID,
      protocolVersion: 1,
      resumed: true,
      lastSeq,
      traceLevel: "milestones",
      activeTurnId,
    });
    const streaming = reduceMessages(EMPTY_CHAT_STATE, [turn(1), chunk(2, "half an ans")]);
    // Still running, or more to replay: leave it alone.
    expect(reduceMessages(streaming, [hello(2, "t1")]).turns[0]?.status).toBe("streaming");
    expect(reduceMessages(streaming, [hello(5, null)]).turns[0]?.status).toBe("streaming");
    const lost = reduceMessages(streaming, [hello(2, null)]).turns[0];
    expect(lost).toMatchObject({ status: "error", text: "half an ans", error: { code: "lost" } });
  });

  it("marks a turn ended by an error and keeps what was streamed", () => {
    const state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      chunk(2, "partial"),
      {
        type: "error",
        seq: 3,
        turnId: "t1",
        error: "The model failed.",
        code: "model_error",
        retryable: true,
      },
    ]);
    expect(state.turns[0]).toMatchObject({
      status: "error",
      text: "partial",
      error: { code: "model_error" },
    });
    expect(state.lastSeq).toBe(3);
  });

  it("rebuilds a reloaded page from history, then continues the streaming answer after lastSeq", () => {
    const pending: ChatState = chatReducer(EMPTY_CHAT_STATE, {
      type: "prompt_sent",
      promptId: "p9",
      text: "queued",
      at,
    });
    let state = chatReducer(pending, {
      type: "hydrate",
      history: {
        turns: [
          {
            turnId: "t1",
            prompt: "hello",
            response: "Hel",
            status: "streaming",
            startedAt: "2026-11-21T22:00:00.000Z",
            endedAt: null,
          },
        ],
        lastSeq: 3,
        events: [
          turn(1),
          { type: "trace", seq: 2, turnId: "t1", trace: { kind: "milestone", at, text: "Thinking" } },
          chunk(3, "Hel"),
          chunk(4, "lo"),
        ],
      },
    });
    expect(state.turns.map((t) => t.prompt)).toEqual(["hello", "queued"]);
    expect(state.turns[0]?.traces).toHaveLength(1);
    // The resume replay starts after 3; the chunk at 3 (already in the response) is ignored if sent again.
    state = reduceMessages(state, [chunk(3, "Hel"), chunk(4, "lo"), chunk(5, "!")]);
    expect(state.turns[0]?.text).toBe("Hello!");
  });

  it("takes an inherited turn's events whatever their seq, beside the branch's own up to lastSeq", () => {
    // A branch made by an edit: its first turn comes from another runtime session (seqs 40..), its own
    // session has said nothing yet (lastSeq 0).
    const state = chatReducer(EMPTY_CHAT_STATE, {
      type: "hydrate",
      history: {
        turns: [historyTurn("Half", "interrupted")],
        lastSeq: 0,
        events: [{ type: "trace", seq: 1, turnId: "t1", trace: { kind: "milestone", at, text: "too new" } }],
        inheritedEvents: [
          { type: "interrupted", seq: 43, turnId: "t1", partialResponse: "Half", reason: "new_prompt" },
          chunk(42, "Half"),
          { type: "trace", seq: 41, turnId: "t1", trace: { kind: "milestone", at, text: "Thinking" } },
          turn(40),
        ],
      },
    });
    expect(state.lastSeq).toBe(0);
    expect(state.turns[0]).toMatchObject({ status: "interrupted", interruptReason: "new_prompt" });
    expect(state.turns[0]?.traces.map((t) => t.seq)).toEqual([41]);
  });

  it("places an approval where the answer had got to and takes the agent's verdict from its trace", () => {
    let state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      chunk(2, "Let me file that. "),
      approvalRequest(3),
      { type: "trace", seq: 4, turnId: "t1", trace: approvalTrace("requested") },
    ]);
    state = chatReducer(state, { type: "approval_answered", requestId: "r1", decision: "approve" });
    expect(state.turns[0]?.approvals[0]).toMatchObject({
      textOffset: 18,
      answered: "approve",
      decision: null,
    });
    state = reduceMessages(state, [
      { type: "trace", seq: 5, turnId: "t1", trace: approvalTrace("approved") },
      chunk(6, "Done: ticket T-1."),
      { type: "complete", seq: 7, turnId: "t1", fullResponse: "Let me file that. Done: ticket T-1." },
    ]);
    expect(state.turns[0]?.approvals[0]).toMatchObject({ textOffset: 18, decision: "approved" });
  });

  it("rebuilds approvals from stored history: the verdict, and the place in the answer", () => {
    for (const decision of ["approved", "denied", "expired", "cancelled"] as const) {
      const state = chatReducer(EMPTY_CHAT_STATE, {
        type: "hydrate",
        history: {
          turns: [historyTurn("Before. After.", "complete")],
          lastSeq: 7,
          events: [
            turn(1),
            chunk(2, "Before. "),
            approvalRequest(3),
            { type: "trace", seq: 4, turnId: "t1", trace: approvalTrace("requested") },
            { type: "trace", seq: 5, turnId: "t1", trace: approvalTrace(decision) },
            chunk(6, "After."),
            { type: "complete", seq: 7, turnId: "t1", fullResponse: "Before. After." },
          ],
        },
      });
      expect(state.turns[0]?.approvals).toEqual([
        expect.objectContaining({ requestId: "r1", textOffset: 8, decision, answered: null }),
      ]);
    }
  });

  it("reads why an interrupted turn stopped from stored history, access revoked included", () => {
    // `revoked` is the reason the agent gives when the broker ended the runtime session (packages/protocol).
    for (const reason of ["user", "new_prompt", REVOKED] as const) {
      const state = chatReducer(EMPTY_CHAT_STATE, {
        type: "hydrate",
        history: {
          turns: [historyTurn("Half", "interrupted")],
          lastSeq: 3,
          events: [
            turn(1),
            chunk(2, "Half"),
            { type: "interrupted", seq: 3, turnId: "t1", partialResponse: "Half", reason },
          ],
        },
      });
      expect(state.turns[0]).toMatchObject({ status: "interrupted", interruptReason: reason });
    }
  });

  it("takes a live interruption's reason as the agent gave it, access revoked included", () => {
    const state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      chunk(2, "Half"),
      { type: "interrupted", seq: 3, turnId: "t1", partialResponse: "Half", reason: REVOKED },
    ]);
    expect(state.turns[0]).toMatchObject({ status: "interrupted", interruptReason: "revoked", text: "Half" });
  });

  it("cuts off what was running or waiting to be sent when the connection ends for good", () => {
    let state = reduceMessages(EMPTY_CHAT_STATE, [
      turn(1),
      chunk(2, "Done."),
      { type: "complete", seq: 3, turnId: "t1", fullResponse: "Done." },
      turn(4, "t2", "p2", "second"),
      chunk(5, "Half an ans", "t2"),
    ]);
    state = chatReducer(state, { type: "prompt_sent", promptId: "p3", text: "queued", at });
    state = chatReducer(state, { type: "connection_ended", at: at + 5 });
    expect(state.turns.map((t) => [t.status, t.interruptReason, t.text])).toEqual([
      ["complete", null, "Done."],
      ["interrupted", "disconnected", "Half an ans"],
      ["interrupted", "disconnected", ""],
    ]);
    expect(activeTurn(state)).toBeUndefined();
  });
});

// Until packages/protocol lists `revoked` (issue 13), its schema refuses it; the reducer does not check.
const REVOKED = "revoked" as string as InterruptedMessage["reason"];

function approvalRequest(seq: number): StreamMessage {
  return {
    type: "approval_request",
    seq,
    turnId: "t1",
    requestId: "r1",
    tool: "create_ticket",
    summary: "File a ticket",
    input: { title: "x" },
    deadline: at + 60_000,
  };
}

function approvalTrace(decision: "requested" | "approved" | "denied" | "expired" | "cancelled") {
  return { kind: "approval" as const, at, requestId: "r1", tool: "create_ticket", decision };
}

function historyTurn(response: string, status: "complete" | "interrupted") {
  return {
    turnId: "t1",
    prompt: "hello",
    response,
    status,
    startedAt: "2026-11-21T22:00:00.000Z",
    endedAt: "2026-11-21T22:00:05.000Z",
  };
}

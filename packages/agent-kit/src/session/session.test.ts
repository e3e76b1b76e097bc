/**
 * The session logic without a socket: sequencing, attach-on-first-message, resume, interruption (exact
 * partial answers, a provider that really stops), trace-level filtering, approvals, and context after an
 * interruption. Real agent loop, real offline model (delay 0), the kit's tools and an approval-gated note tool.
 */
import { type AgentMessage, MAX_FRAME_BYTES, type StreamMessage } from "@interject/protocol";
import { describe, expect, it } from "vitest";
import { OfflineProvider } from "../models/offline/offline-provider.ts";
import { until } from "../testing/fake-socket.ts";
import { notesOf } from "../testing/note-tool.ts";
import { sessionFixture } from "../testing/session-fixture.ts";

const DETAIL = "Explain in detail how interruption and traces work in Interject";

function ofType<T extends AgentMessage["type"]>(messages: AgentMessage[], type: T) {
  return messages.filter((m): m is Extract<AgentMessage, { type: T }> => m.type === type);
}

function chunkText(messages: AgentMessage[], turnId: string): string {
  return ofType(messages, "chunk")
    .filter((m) => m.turnId === turnId)
    .map((m) => m.data)
    .join("");
}

describe("session sequencing", () => {
  it("sends the hello at once, streams only after the first message, and numbers stream messages 1, 2, 3", async () => {
    const { session, connect } = await sessionFixture();
    const a = connect();
    expect(a.socket.messages()).toEqual([
      expect.objectContaining({ type: "session", seq: 0, resumed: false, lastSeq: 0, activeTurnId: null }),
    ]);
    const idle = connect(); // never sends anything: must get nothing but its hello
    a.send({ type: "prompt", id: "p1", text: "What is 6 * 7?" });
    await session.activeTurnDone;
    await until(() => a.socket.messages().some((m) => m.type === "complete"));
    const messages = a.socket.messages().slice(1);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    const complete = ofType(messages, "complete")[0];
    expect(complete?.fullResponse).toContain("42");
    expect(complete?.fullResponse).toBe(chunkText(messages, complete?.turnId ?? ""));
    expect(complete?.fullResponse).toMatch(/offline model/);
    expect(idle.socket.messages().map((m) => m.type)).toEqual(["session"]);
    a.send({ type: "ping", nonce: "n1" });
    await until(() => a.socket.messages().some((m) => m.type === "pong"));
    expect(a.socket.messages().at(-1)).toMatchObject({ type: "pong", nonce: "n1", seq: session.lastSeq });
  });

  it("replays exactly the events after afterSeq on resume, then continues live without gaps or repeats", async () => {
    const { session, connect } = await sessionFixture();
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: DETAIL });
    await until(() => a.socket.messages().filter((m) => m.type === "chunk").length >= 5, "chunks");
    const b = connect();
    b.send({ type: "resume", afterSeq: 3 });
    await session.activeTurnDone;
    await until(() => b.socket.messages().some((m) => m.type === "complete"), "complete on b");
    const seqs = b.socket
      .messages()
      .slice(1)
      .map((m) => m.seq);
    expect(seqs[0]).toBe(4);
    expect(seqs).toEqual(seqs.map((_, i) => i + 4));
    const streamA = a.socket.messages().filter((m) => m.seq > 3 && m.type !== "session");
    expect(b.socket.messages().slice(1)).toEqual(streamA);
  });

  it("answers resume_too_old when the buffer no longer holds the events, and resume_ahead past the end", async () => {
    const { session, connect } = await sessionFixture({ replayBufferEvents: 10 });
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: "hello" });
    await session.activeTurnDone;
    const b = connect();
    b.send({ type: "resume", afterSeq: 1 });
    b.send({ type: "resume", afterSeq: session.lastSeq - 3 });
    await until(() => b.socket.frames.length >= 5);
    const [, tooOld, ...replayed] = b.socket.messages();
    expect(tooOld).toMatchObject({ type: "error", code: "resume_too_old", seq: session.lastSeq });
    expect(replayed.map((m) => m.seq)).toEqual([session.lastSeq - 2, session.lastSeq - 1, session.lastSeq]);
  });

  it("answers resume_ahead and numbers new events after the client's seq (a restarted agent never reuses one)", async () => {
    const { session, connect } = await sessionFixture();
    const a = connect();
    a.send({ type: "resume", afterSeq: 57 });
    expect(a.socket.messages().at(-1)).toMatchObject({ type: "error", code: "resume_ahead", seq: 57 });
    a.send({ type: "prompt", id: "p1", text: "hi" });
    await session.activeTurnDone;
    expect(a.socket.messages().find((m) => m.type === "turn")?.seq).toBe(58);
    a.send({ type: "resume", afterSeq: Number.MAX_SAFE_INTEGER });
    expect(session.lastSeq).toBeLessThan(1_000_000);
  });
});

describe("interruption", () => {
  it("stops before the next chunk, sends exactly what was sent as partialResponse, and aborts the provider", async () => {
    const { session, provider, connect } = await sessionFixture();
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: DETAIL });
    await until(() => a.socket.messages().filter((m) => m.type === "chunk").length >= 10, "chunks");
    a.send({ type: "interrupt" });
    const turnId = ofType(a.socket.messages(), "turn")[0]?.turnId ?? "";
    const tail = a.socket.messages().slice(-3);
    expect(tail.map((m) => (m.type === "trace" ? m.trace.kind : m.type))).toEqual([
      "model_call",
      "interruption",
      "interrupted",
    ]);
    const interrupted = ofType(a.socket.messages(), "interrupted")[0];
    expect(interrupted?.reason).toBe("user");
    expect(interrupted?.partialResponse).toBe(chunkText(a.socket.messages(), turnId));
    expect(interrupted?.partialResponse.length).toBeGreaterThan(0);
    await until(() => provider.ended === provider.calls, "provider stream to end");
    expect(provider.abortsSeen).toBe(1);
    expect(provider.tokensAfterAbort).toBe(0);
    const count = a.socket.frames.length;
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    expect(a.socket.frames.length).toBe(count); // nothing more for that turn
    expect(session.history.at(-1)).toMatchObject({
      status: "interrupted",
      response: interrupted?.partialResponse,
    });
    a.send({ type: "interrupt" });
    expect(a.socket.messages().at(-1)).toMatchObject({ type: "error", code: "no_active_turn" });
  });

  it("a new prompt (seed inputText) interrupts and the next answer gets the partial answer as context", async () => {
    const { session, provider, connect } = await sessionFixture();
    const a = connect();
    a.send({ inputText: DETAIL });
    await until(() => a.socket.messages().filter((m) => m.type === "chunk").length >= 5, "chunks");
    a.send({ inputText: "What did I ask before?" });
    await session.activeTurnDone;
    await until(() => a.socket.messages().some((m) => m.type === "complete"));
    const interrupted = ofType(a.socket.messages(), "interrupted")[0];
    expect(interrupted?.reason).toBe("new_prompt");
    const messages = provider.lastRequest?.messages ?? [];
    expect(messages[0]).toEqual({ role: "user", text: DETAIL });
    expect(messages[1]).toMatchObject({
      role: "assistant",
      text: expect.stringContaining(interrupted?.partialResponse ?? ""),
    });
    expect(messages[1]).toMatchObject({ text: expect.stringContaining("interrupted") });
    const complete = ofType(a.socket.messages(), "complete")[0];
    expect(complete?.fullResponse).toContain("You interrupted my previous answer");
    expect(complete?.fullResponse).toContain("Explain in detail");
  });
});

describe("trace levels", () => {
  it("sends only milestones at milestones level, every kind at full", async () => {
    const { session, connect } = await sessionFixture();
    const user = connect("milestones");
    const admin = connect("full");
    user.send({ type: "resume", afterSeq: 0 });
    admin.send({ type: "prompt", id: "p1", text: "What is 6 * 7?" });
    await session.activeTurnDone;
    await until(() => user.socket.messages().some((m) => m.type === "complete"));
    const kinds = (m: AgentMessage[]) => new Set(ofType(m, "trace").map((t) => t.trace.kind));
    expect([...kinds(user.socket.messages())]).toEqual(["milestone"]);
    expect(kinds(admin.socket.messages())).toEqual(
      new Set(["milestone", "reasoning", "model_call", "tool_call", "tool_result"]),
    );
    const seqs = user.socket
      .messages()
      .slice(1)
      .map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });
});

describe("approvals", () => {
  async function untilApproval(socket: { messages(): AgentMessage[] }) {
    await until(() => socket.messages().some((m) => m.type === "approval_request"), "approval request");
    const request = ofType(socket.messages(), "approval_request")[0];
    if (!request) throw new Error("no approval request");
    return request;
  }

  it("runs the tool only after approval and records the note in the session", async () => {
    const { session, connect } = await sessionFixture();
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: "Please take a note: login fails on Safari" });
    const request = await untilApproval(a.socket);
    expect(request).toMatchObject({
      tool: "save_note",
      summary: expect.stringContaining("login fails on Safari"),
    });
    expect(notesOf(session.toolState)).toHaveLength(0);
    a.send({ type: "approval", requestId: request.requestId, decision: "approve" });
    await session.activeTurnDone;
    expect(notesOf(session.toolState)).toEqual([{ id: "N-1", text: "login fails on Safari" }]);
    const decisions = ofType(a.socket.messages(), "trace").flatMap((t) =>
      t.trace.kind === "approval" ? [t.trace.decision] : [],
    );
    expect(decisions).toEqual(["requested", "approved"]);
    expect(ofType(a.socket.messages(), "complete")[0]?.fullResponse).toContain("Note N-1 saved");
  });

  it("honours deny, and answers unknown_approval for a request that is not waiting", async () => {
    const { session, connect } = await sessionFixture();
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: '/tool save_note {"text": "the export is broken"}' });
    const request = await untilApproval(a.socket);
    a.send({ type: "approval", requestId: request.requestId, decision: "deny" });
    await session.activeTurnDone;
    expect(notesOf(session.toolState)).toHaveLength(0);
    expect(ofType(a.socket.messages(), "complete")[0]?.fullResponse).toContain("I did not save the note");
    a.send({ type: "approval", requestId: request.requestId, decision: "approve" });
    expect(a.socket.messages().at(-1)).toMatchObject({ type: "error", code: "unknown_approval" });
  });

  it("an interrupt while waiting cancels the turn cleanly; an unanswered request expires", async () => {
    const { session, connect } = await sessionFixture({ approvalTimeoutMs: 30 });
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: "make a note: search is slow" });
    await untilApproval(a.socket);
    a.send({ type: "interrupt" });
    expect(ofType(a.socket.messages(), "interrupted")[0]).toMatchObject({
      reason: "approval_cancelled",
      partialResponse: "",
    });
    expect(notesOf(session.toolState)).toHaveLength(0);
    const cancelled = ofType(a.socket.messages(), "trace").some(
      (t) => t.trace.kind === "approval" && t.trace.decision === "cancelled",
    );
    expect(cancelled).toBe(true);
    a.send({ type: "prompt", id: "p2", text: "make a note: search is slow" });
    await session.activeTurnDone;
    const expired = ofType(a.socket.messages(), "trace").some(
      (t) => t.trace.kind === "approval" && t.trace.decision === "expired",
    );
    expect(expired).toBe(true);
    expect(notesOf(session.toolState)).toHaveLength(0);
  });
});

describe("revocation", () => {
  it("ends the running answer as interrupted (revoked) with its trace, reports both, and closes every connection", async () => {
    const { session, connect, reported } = await sessionFixture({
      provider: new OfflineProvider({ delayMs: 5 }),
    });
    const a = connect();
    const b = connect("milestones");
    a.send({ type: "prompt", id: "p1", text: DETAIL });
    b.send({ type: "resume", afterSeq: 0 });
    await until(() => ofType(a.socket.messages(), "chunk").length >= 3, "chunks");
    session.revoke(4000, "runtime session stopped");
    const interrupted = ofType(a.socket.messages(), "interrupted")[0];
    expect(interrupted).toMatchObject({ reason: "revoked" });
    expect(interrupted?.partialResponse).toBe(chunkText(a.socket.messages(), interrupted?.turnId ?? ""));
    const trace = ofType(a.socket.messages(), "trace").find((t) => t.trace.kind === "interruption");
    expect(trace?.trace).toMatchObject({
      reason: "revoked",
      partialChars: interrupted?.partialResponse.length,
    });
    expect(ofType(b.socket.messages(), "interrupted")[0]).toMatchObject({ reason: "revoked" });
    expect(reported).toEqual(expect.arrayContaining([trace, interrupted]));
    for (const { socket } of [a, b])
      expect(socket.closed).toEqual({ code: 4000, reason: "runtime session stopped" });
    expect(session.activeTurnId).toBeNull();
    // Nothing of the stopped answer follows.
    const count = reported.length;
    await session.activeTurnDone;
    await new Promise((r) => setTimeout(r, 50));
    expect(reported).toHaveLength(count);
  });
});

describe("connection robustness", () => {
  it("answers malformed frames with typed errors and stays usable", async () => {
    const { connect } = await sessionFixture();
    const a = connect();
    a.connection.receive("{not json");
    a.connection.receive(JSON.stringify({ type: "dance" }));
    a.connection.receive('{"type":"ping","__proto__":{"x":1}}');
    a.connection.receive(JSON.stringify({ type: "prompt", id: "x", text: "" }));
    a.send({ type: "ping", nonce: "still-here" });
    await until(() => a.socket.frames.length >= 6);
    expect(
      a.socket
        .messages()
        .slice(1)
        .map((m) => (m.type === "error" ? m.code : m.type)),
    ).toEqual(["invalid_json", "unknown_type", "forbidden_key", "invalid_message", "pong"]);
    expect(a.socket.closed).toBeNull();
  });

  it("rate-limits inbound messages with one rate_limited error", async () => {
    const { connect } = await sessionFixture();
    const a = connect("full", { rate: 3 });
    for (let i = 0; i < 10; i++) a.send({ type: "ping", nonce: String(i) });
    await until(() => a.socket.frames.length >= 5);
    const types = a.socket
      .messages()
      .slice(1)
      .map((m) => (m.type === "error" ? m.code : m.type));
    expect(types).toEqual(["pong", "pong", "pong", "rate_limited"]);
  });

  it("coalesces chunks for a slow reader, never above 8 KB a frame, and closes a reader past the hard cap", async () => {
    const { session, connect } = await sessionFixture();
    const slow = connect("full", { soft: 1024 });
    slow.socket.paused = true;
    slow.send({ type: "prompt", id: "p1", text: DETAIL });
    await session.activeTurnDone;
    slow.socket.resume();
    await until(() => slow.socket.messages().some((m) => m.type === "complete"));
    const messages = slow.socket.messages();
    const complete = ofType(messages, "complete")[0];
    expect(chunkText(messages, complete?.turnId ?? "")).toBe(complete?.fullResponse);
    expect(slow.connection.outbox.coalesced).toBeGreaterThan(0);
    for (const frame of slow.socket.frames)
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);

    const stuck = connect("full", { soft: 1024, hard: 4096 });
    stuck.socket.paused = true;
    stuck.send({ type: "prompt", id: "p2", text: DETAIL });
    await session.activeTurnDone;
    expect(stuck.socket.closed).toMatchObject({ code: 4001 });
    expect(session.connections.has(stuck.connection)).toBe(false);
  });

  it("splits long text so no frame exceeds 8 KB, and sends a long answer's final message in parts", async () => {
    const long = `${'é🙂"\\ '.repeat(3000)}end`;
    let signal: AbortSignal | undefined;
    const { session, connect } = await sessionFixture({
      runner: async (_prompt, io) => {
        signal = io.signal;
        io.text(long.slice(0, 900));
        io.text(long.slice(900));
      },
    });
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: "go" });
    await session.activeTurnDone;
    await until(() => a.socket.messages().some((m) => m.type === "complete" && m.part === m.parts));
    const chunks = ofType(a.socket.messages(), "chunk");
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.data).join("")).toBe(long);
    const parts = ofType(a.socket.messages(), "complete");
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => [p.part, p.parts])).toEqual(parts.map((_, i) => [i + 1, parts.length]));
    expect(parts.map((p) => p.fullResponse).join("")).toBe(long);
    expect(signal?.aborted).toBe(false);
    for (const frame of a.socket.frames)
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it("sends a long partial answer in parts when it is interrupted", async () => {
    const long = "word ".repeat(4000);
    const { session, connect } = await sessionFixture({
      runner: async (_prompt, io) => {
        io.text(long);
        await new Promise((resolve) => io.signal.addEventListener("abort", resolve));
      },
    });
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: "go" });
    await until(() => a.socket.messages().filter((m) => m.type === "chunk").length >= 3);
    a.send({ type: "interrupt" });
    await session.activeTurnDone;
    const parts = ofType(a.socket.messages(), "interrupted");
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.at(-1)).toMatchObject({ part: parts.length, parts: parts.length, reason: "user" });
    expect(parts.map((p) => p.partialResponse).join("")).toBe(long);
    for (const frame of a.socket.frames)
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
  });

  it("reports every stream message, in seq order, exactly once", async () => {
    const { session, reported, connect } = await sessionFixture();
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: DETAIL });
    await until(() => a.socket.messages().filter((m) => m.type === "chunk").length >= 3);
    a.send({ type: "prompt", id: "p2", text: "what is 1+1" });
    await session.activeTurnDone;
    expect((reported as StreamMessage[]).map((m) => m.seq)).toEqual(reported.map((_, i) => i + 1));
  });
});

describe("chunk pacing (chunkIntervalMs)", () => {
  it("sends the first words at once, then at most one chunk per interval, losing and reordering nothing", async () => {
    // A model writing a word every 2 ms against a 40 ms interval: about 20 words per chunk.
    const { session, connect } = await sessionFixture({
      chunkIntervalMs: 40,
      provider: new OfflineProvider({ delayMs: 2 }),
    });
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: DETAIL });
    await session.activeTurnDone;
    await until(() => a.socket.messages().some((m) => m.type === "complete"));
    const messages = a.socket.messages().slice(1);
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    const complete = ofType(messages, "complete")[0];
    const chunks = ofType(messages, "chunk");
    const words = (complete?.fullResponse ?? "").split(/\s+/).length;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.length).toBeLessThan(words / 3);
    expect(complete?.fullResponse).toBe(chunkText(messages, complete?.turnId ?? ""));
    // Traces of the turn come after the text written before them, never in the middle of a chunk.
    const lastChunk = messages.lastIndexOf(chunks.at(-1) as AgentMessage);
    expect(messages.slice(lastChunk + 1).map((m) => m.type)).not.toContain("chunk");
  });

  it("drops text still waiting when the answer is interrupted: partialResponse is exactly what was sent", async () => {
    const { session, connect } = await sessionFixture({
      chunkIntervalMs: 30,
      provider: new OfflineProvider({ delayMs: 1 }),
    });
    const a = connect();
    a.send({ type: "prompt", id: "p1", text: DETAIL });
    await until(() => ofType(a.socket.messages(), "chunk").length >= 3, "three chunks");
    // Mid-interval: the model has written words that are not sent yet.
    await new Promise((r) => setTimeout(r, 10));
    a.send({ type: "interrupt" });
    await until(() => a.socket.messages().some((m) => m.type === "interrupted"));
    await new Promise((r) => setTimeout(r, 60));
    const messages = a.socket.messages().slice(1);
    const interrupted = ofType(messages, "interrupted")[0];
    expect(interrupted?.partialResponse).toBe(chunkText(messages, interrupted?.turnId ?? ""));
    const after = messages.slice(messages.indexOf(interrupted as AgentMessage) + 1);
    expect(after.filter((m) => m.type === "chunk")).toEqual([]);
    expect(session.history.at(-1)).toMatchObject({
      status: "interrupted",
      response: interrupted?.partialResponse,
    });
  });
});

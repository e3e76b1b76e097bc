/**
 * The session logic against a scripted socket (the minimal socket interface), without a network: `resume`
 * goes first with the last seq, messages typed while disconnected follow it, and a signed-out broker stops
 * the reconnect loop.
 */
import { describe, expect, it } from "vitest";
import { ChatSession } from "./chat-session.ts";
import { ConnectionUrlError } from "./errors.ts";
import type { ManagedSocket, SocketFactoryOptions } from "./socket.ts";

class ScriptedSocket implements ManagedSocket {
  readonly sent: unknown[] = [];
  closed = false;
  reconnects = 0;
  readonly reconnectCodes: Array<number | undefined> = [];
  constructor(readonly options: SocketFactoryOptions) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  reconnect(code?: number): void {
    this.reconnects += 1;
    this.reconnectCodes.push(code);
  }
}

function setup(getConnectionUrl: () => Promise<{ url: string; expiresAt: string; sessionId: string }>) {
  let socket: ScriptedSocket | undefined;
  const session = new ChatSession({
    getConnectionUrl,
    socketFactory: (options) => {
      socket = new ScriptedSocket(options);
      return socket;
    },
    newId: () => "prompt-1",
    reconnect: { baseDelayMs: 1, maxDelayMs: 1 },
  });
  session.start();
  if (!socket) throw new Error("no socket made");
  return { session, socket };
}

const grant = async () => ({
  url: "ws://runtime/ws?sig=1",
  expiresAt: "2026-11-21T23:00:00Z",
  sessionId: "s",
});

describe("ChatSession (scripted socket)", () => {
  it("sends resume with the last seq first, then what was typed while disconnected", async () => {
    const { session, socket } = setup(grant);
    session.hydrate({ turns: [], lastSeq: 41 });
    session.sendPrompt("typed while offline");
    expect(socket.sent).toEqual([]);
    await expect(socket.options.url()).resolves.toBe("ws://runtime/ws?sig=1");
    expect(session.getSnapshot().connection.status).toBe("connecting");
    socket.options.handlers.open();
    expect(socket.sent).toEqual([
      { type: "resume", afterSeq: 41 },
      { type: "prompt", id: "prompt-1", text: "typed while offline" },
    ]);
    expect(session.getSnapshot().chat.turns[0]?.status).toBe("pending");
  });

  it("sends voice only while connected, and tells listeners each agent message once, not again on replay", async () => {
    const { session, socket } = setup(grant);
    const audio = {
      type: "bidi_audio_input",
      audio: "AAAA",
      format: "pcm",
      sample_rate: 16_000,
      channels: 1,
    } as const;
    expect(session.sendVoice(audio)).toBe(false);
    const heard: string[] = [];
    session.onAgentMessage((m) => heard.push(`${m.type}:${m.seq}`));
    await socket.options.url();
    socket.options.handlers.open();
    expect(session.sendVoice(audio)).toBe(true);
    expect(socket.sent).toEqual([{ type: "resume", afterSeq: 0 }, audio]);
    const start = { type: "bidi_response_start", seq: 1, response_id: "r1" };
    socket.options.handlers.message(JSON.stringify(start));
    socket.options.handlers.message(JSON.stringify(start)); // replayed after a resume
    socket.options.handlers.message(
      JSON.stringify({ type: "bidi_connection_start", seq: 1, connection_id: "c", model: "offline" }),
    );
    expect(heard).toEqual(["bidi_response_start:1", "bidi_connection_start:1"]);
    expect(session.getSnapshot().chat.lastSeq).toBe(1);
  });

  it("counts a socket closed before opening as a refusal and waits before the next attempt", async () => {
    const { session, socket } = setup(grant);
    await socket.options.url();
    socket.options.handlers.close({ code: 1006, reason: "" });
    expect(session.getSnapshot().connection.problem?.kind).toBe("runtime_refused");
    const next = socket.options.url();
    expect(session.getSnapshot().connection.status).toBe("waiting");
    await next;
    expect(session.getSnapshot().connection).toMatchObject({ status: "connecting", attempt: 2 });
  });

  it("asks for a resync on resume_too_old, then reconnects to resume after the broker's seq", async () => {
    let resyncs = 0;
    let socket: ScriptedSocket | undefined;
    const session = new ChatSession({
      getConnectionUrl: grant,
      socketFactory: (options) => {
        socket = new ScriptedSocket(options);
        return socket;
      },
      onResyncNeeded: () => resyncs++,
    });
    session.start();
    if (!socket) throw new Error("no socket made");
    await socket.options.url();
    socket.options.handlers.open();
    socket.options.handlers.message(
      JSON.stringify({ type: "error", seq: 90, error: "Too old.", code: "resume_too_old", retryable: false }),
    );
    expect(resyncs).toBe(1);
    session.resync({ turns: [], lastSeq: 88 });
    expect(socket.reconnects).toBe(1);
    // A normal closure, never 4000: through the runtime that would tell the agent its session was stopped.
    expect(socket.reconnectCodes).toEqual([1000]);
    expect(session.getSnapshot().chat.lastSeq).toBe(88);
  });

  it("keeps its own state on resume_ahead and takes the agent's error for the turn it lost", async () => {
    let resyncs = 0;
    let socket: ScriptedSocket | undefined;
    const session = new ChatSession({
      getConnectionUrl: grant,
      socketFactory: (options) => {
        socket = new ScriptedSocket(options);
        return socket;
      },
      onResyncNeeded: () => resyncs++,
    });
    session.start();
    if (!socket) throw new Error("no socket made");
    await socket.options.url();
    socket.options.handlers.open();
    const send = (message: unknown) => socket?.options.handlers.message(JSON.stringify(message));
    send({ type: "turn", seq: 1, turnId: "t1", promptId: "p1", prompt: "hi", at: 1 });
    send({ type: "chunk", seq: 2, turnId: "t1", data: "Hel" });
    // The agent restarted and the broker had stored only seq 1: it ends the turn after our seq, then says so.
    send({ type: "error", seq: 3, turnId: "t1", error: "cut short", code: "internal", retryable: true });
    send({ type: "error", seq: 3, error: "afterSeq 2 is ahead", code: "resume_ahead", retryable: false });
    expect(resyncs).toBe(0);
    expect(session.getSnapshot().chat.turns[0]).toMatchObject({ status: "error", text: "Hel" });
    expect(session.getSnapshot().chat.notice).toBeNull();
  });

  it("stops reconnecting when the broker says the sign-in expired", async () => {
    const { session, socket } = setup(async () => {
      throw new ConnectionUrlError("unauthorized", "401");
    });
    await expect(socket.options.url()).rejects.toThrow("401");
    expect(session.getSnapshot().connection).toMatchObject({
      status: "failed",
      problem: { kind: "session_expired" },
    });
    expect(socket.closed).toBe(true);
  });

  it("names uploaded files by id in the prompt, keeps their names on the turn, and takes names from history", () => {
    const { session, socket } = setup(grant);
    session.hydrate({ turns: [], lastSeq: 0 });
    socket.options.handlers.open();
    const file = {
      id: "0f8fad5b-d9cb-469f-a165-70867728950e",
      name: "chart.png",
      mediaType: "image/png",
      size: 10,
    };
    session.sendPrompt("what is in it?", [file]);
    expect(socket.sent.at(-1)).toEqual({
      type: "prompt",
      id: "prompt-1",
      text: "what is in it?",
      attachments: [{ id: file.id }],
    });
    socket.options.handlers.message(
      JSON.stringify({
        type: "turn",
        seq: 1,
        turnId: "t1",
        promptId: "prompt-1",
        prompt: "what is in it?",
        at: 1,
        attachments: [{ id: file.id }],
      }),
    );
    expect(session.getSnapshot().chat.turns[0]?.attachments).toEqual([file]);
    // Another tab's turn knows ids only; the broker's history names them.
    socket.options.handlers.message(
      JSON.stringify({
        type: "turn",
        seq: 2,
        turnId: "t2",
        promptId: "p-other",
        prompt: "x",
        at: 2,
        attachments: [{ id: file.id }],
      }),
    );
    expect(session.getSnapshot().chat.turns[1]?.attachments).toEqual([{ id: file.id }]);
    session.hydrate({
      turns: [
        {
          turnId: "t1",
          prompt: "p",
          response: "",
          status: "complete",
          startedAt: "2026-01-01T00:00:00Z",
          endedAt: null,
          attachments: [file],
        },
      ],
      lastSeq: 2,
    });
    expect(session.getSnapshot().chat.turns[0]?.attachments).toEqual([file]);
    session.sendPrompt("no files");
    expect(socket.sent.at(-1)).toEqual({ type: "prompt", id: "prompt-1", text: "no files" });
  });
});

/**
 * `BasicChatSession` against a scripted socket, for what a well-behaved fixture never does: only
 * `{"inputText"}` goes out, nothing an agent sends is trusted beyond the basic schemas, a level taken from
 * silence is checked on the first frame, and a broker that ends the sign-in stops the connection for good.
 */
import { describe, expect, it } from "vitest";
import { BasicChatSession, type BasicChatSessionOptions } from "./basic-chat-session.ts";
import { ConnectionUrlError } from "./errors.ts";
import type { ManagedSocket, SocketFactoryOptions } from "./socket.ts";

class ScriptedSocket implements ManagedSocket {
  readonly sent: unknown[] = [];
  closed = false;
  constructor(readonly options: SocketFactoryOptions) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  reconnect(): void {}
}

const grant = async () => ({ url: "ws://runtime/ws?sig=1", expiresAt: "", sessionId: "s" });

async function setup(options: Partial<BasicChatSessionOptions> = {}) {
  let socket: ScriptedSocket | undefined;
  let id = 0;
  const session = new BasicChatSession({
    getConnectionUrl: grant,
    socketFactory: (o) => {
      socket = new ScriptedSocket(o);
      return socket;
    },
    newId: () => `prompt-${++id}`,
    reconnect: { baseDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
  session.start();
  if (!socket) throw new Error("no socket made");
  return { session, socket };
}

async function opened(options: Partial<BasicChatSessionOptions> = {}) {
  const made = await setup(options);
  await made.socket.options.url();
  made.socket.options.handlers.open();
  return made;
}

describe("BasicChatSession (scripted socket)", () => {
  it("sends nothing for a prompt with files (a basic agent reads text only) and says why on its turn", async () => {
    const { session, socket } = await opened();
    session.sendPrompt("What is in this picture?", [
      { id: "f1", name: "cat.png", mediaType: "image/png", size: 1200 },
    ]);
    expect(socket.sent).toEqual([]);
    const [turn] = session.getSnapshot().chat.turns;
    expect(turn).toMatchObject({
      prompt: "What is in this picture?",
      status: "error",
      attachments: [{ id: "f1", name: "cat.png" }],
    });
    expect(turn?.error?.code).toBe("text_only");
    expect(turn?.error?.message).toContain("cat.png");
    // The next prompt, without files, goes out as usual.
    session.sendPrompt("Describe a cat instead");
    expect(socket.sent).toEqual([{ inputText: "Describe a cat instead" }]);
  });

  it("sends prompts as {inputText} alone, those typed before the socket opened first and in order", async () => {
    const { session, socket } = await setup();
    session.sendPrompt("one");
    session.sendPrompt("two");
    expect(socket.sent).toEqual([]);
    await socket.options.url();
    socket.options.handlers.open();
    session.sendPrompt("three");
    expect(socket.sent).toEqual([{ inputText: "one" }, { inputText: "two" }, { inputText: "three" }]);
    expect(session.getSnapshot().connection.status).toBe("ready");
  });

  it("drops every frame that is not a basic frame, and says why", async () => {
    const invalid: string[] = [];
    const { session, socket } = await opened({ onInvalidFrame: (e) => invalid.push(e.code) });
    session.sendPrompt("hi");
    const frames = [
      '{"type":"chunk","data":"ok"}',
      '{"type":"chunk","data":"x","seq":3}', // a field the basic level does not have
      '{"type":"chunk","data":7}',
      '{"type":"trace","trace":{}}',
      "not json",
      new ArrayBuffer(4),
      '{"type":"complete","fullResponse":"ok","extra":true}',
    ];
    for (const frame of frames) socket.options.handlers.message(frame);
    const turn = session.getSnapshot().chat.turns[0];
    expect(turn).toMatchObject({ text: "ok", status: "streaming" });
    expect(invalid).toEqual([
      "invalid_message",
      "invalid_message",
      "unknown_type",
      "invalid_json",
      "binary_frame",
      "invalid_message",
    ]);
  });

  it("hands over to the full protocol when the first frame after silence is a full agent's hello", async () => {
    let full = 0;
    const { session, socket } = await opened({ confirmLevel: { onFullAgent: () => full++ } });
    session.sendPrompt("hi");
    socket.options.handlers.message(
      JSON.stringify({
        type: "session",
        seq: 0,
        sessionId: "conformance-00000000-0000-4000-8000-000000000000",
        protocolVersion: 1,
        resumed: false,
        lastSeq: 0,
        traceLevel: "milestones",
        activeTurnId: null,
      }),
    );
    expect(full).toBe(1);
    expect(session.getSnapshot().chat.turns[0]?.status).toBe("streaming");
  });

  it("ends the connection when the first frame after silence fits neither level", async () => {
    const { session, socket } = await opened({ confirmLevel: { onFullAgent: () => {} } });
    session.sendPrompt("hi");
    socket.options.handlers.message('{"message":"hello from a stranger"}');
    const snapshot = session.getSnapshot();
    expect(snapshot.connection).toMatchObject({ status: "failed", problem: { kind: "unknown_protocol" } });
    expect(snapshot.chat.turns[0]).toMatchObject({ status: "error", error: { code: "invalid_message" } });
    expect(socket.closed).toBe(true);
  });

  it("stops for good when the broker says the sign-in ended, ending what was running as disconnected", async () => {
    let calls = 0;
    const { session, socket } = await opened({
      getConnectionUrl: async () => {
        if (++calls > 1) throw new ConnectionUrlError("unauthorized", "401");
        return grant();
      },
    });
    session.sendPrompt("hi");
    socket.options.handlers.message('{"type":"chunk","data":"par"}');
    socket.options.handlers.close({ code: 1006, reason: "" });
    await expect(socket.options.url()).rejects.toThrow(ConnectionUrlError);
    const snapshot = session.getSnapshot();
    expect(snapshot.connection).toMatchObject({ status: "failed", problem: { kind: "session_expired" } });
    expect(snapshot.chat.turns[0]).toMatchObject({ status: "interrupted", text: "par" });
    expect(socket.closed).toBe(true);
  });
});

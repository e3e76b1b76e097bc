/** The basic level's reducer: frames land on the oldest running answer, and sockets that end stop answers. */
import type { BasicAgentFrame } from "@interject/protocol";
import { describe, expect, it } from "vitest";
import { type BasicChatAction, basicReducer, endedTurns } from "./basic-reducer.ts";
import { type ChatState, EMPTY_CHAT_STATE } from "./chat-state.ts";

const T = 1_800_000_000_000;

function run(actions: BasicChatAction[], from: ChatState = EMPTY_CHAT_STATE): ChatState {
  return actions.reduce(basicReducer, from);
}

const sent = (promptId: string, text = `prompt ${promptId}`): BasicChatAction[] => [
  { type: "prompt_sent", promptId, text, at: T },
  { type: "prompt_transmitted", promptId },
];
const frame = (f: BasicAgentFrame, at = T + 100): BasicChatAction => ({ type: "frame", frame: f, at });

describe("basicReducer", () => {
  it("streams chunks into the answer and completes it, with the client's prompt id as turn id", () => {
    const state = run([
      { type: "prompt_sent", promptId: "p1", text: "hello", at: T },
      { type: "prompt_transmitted", promptId: "p1" },
      frame({ type: "chunk", data: "Hel" }),
    ]);
    expect(state.turns[0]).toMatchObject({ turnId: "p1", prompt: "hello", text: "Hel", status: "streaming" });
    const done = run(
      [frame({ type: "chunk", data: "lo" }), frame({ type: "complete", fullResponse: "Hello" })],
      state,
    );
    expect(done.turns[0]).toMatchObject({
      text: "Hello",
      status: "complete",
      startedAt: T,
      endedAt: T + 100,
    });
  });

  it("waits as pending until the prompt goes out", () => {
    const state = run([{ type: "prompt_sent", promptId: "p1", text: "hi", at: T }]);
    expect(state.turns[0]?.status).toBe("pending");
  });

  it("puts each frame on the oldest running answer: a new prompt's answer starts after the old one's interrupted", () => {
    const state = run([
      ...sent("p1"),
      frame({ type: "chunk", data: "one " }),
      ...sent("p2"),
      frame({ type: "chunk", data: "two " }), // still the first answer: the agent has not read p2 yet
      frame({ type: "interrupted", partialResponse: "one two " }),
      frame({ type: "chunk", data: "Second" }),
      frame({ type: "complete", fullResponse: "Second" }),
    ]);
    expect(state.turns.map((t) => [t.turnId, t.text, t.status, t.interruptReason])).toEqual([
      ["p1", "one two ", "interrupted", "new_prompt"],
      ["p2", "Second", "complete", null],
    ]);
  });

  it("ends the running answer with the agent's error, and takes an error with nothing running as a notice", () => {
    const failed = run([...sent("p1"), frame({ type: "chunk", data: "a" }), frame({ error: "model down" })]);
    expect(failed.turns[0]).toMatchObject({
      status: "error",
      text: "a",
      error: { code: "agent", message: "model down" },
    });
    const notice = run([frame({ error: "inputText が見つかりません" })]);
    expect(notice.turns).toEqual([]);
    expect(notice.notice?.message).toBe("inputText が見つかりません");
  });

  it("drops frames for no running answer", () => {
    const state = run([
      ...sent("p1"),
      frame({ type: "complete", fullResponse: "done" }),
      frame({ type: "chunk", data: "stray" }),
    ]);
    expect(state.turns[0]?.text).toBe("done");
  });

  it("on Stop ends the newest answer as stopped by the user, older ones as superseded, and unsent prompts too", () => {
    const state = run([
      ...sent("p1"),
      frame({ type: "chunk", data: "one" }),
      ...sent("p2"),
      frame({ type: "chunk", data: "!" }),
      { type: "prompt_sent", promptId: "p3", text: "not yet sent", at: T },
      { type: "socket_ended", reason: "user", at: T + 500 },
    ]);
    expect(state.turns.map((t) => [t.turnId, t.text, t.status, t.interruptReason])).toEqual([
      ["p1", "one!", "interrupted", "new_prompt"],
      ["p2", "", "interrupted", "user"],
      ["p3", "", "interrupted", "user"],
    ]);
  });

  it("on a dropped socket keeps the answer as far as it got, marked cut off, and keeps unsent prompts waiting", () => {
    const state = run([
      ...sent("p1"),
      frame({ type: "chunk", data: "partial" }),
      { type: "prompt_sent", promptId: "p2", text: "queued", at: T },
      { type: "socket_ended", reason: "cut_off", at: T + 500 },
    ]);
    expect(state.turns.map((t) => [t.text, t.status, t.interruptReason])).toEqual([
      ["partial", "interrupted", "cut_off"],
      ["", "pending", null],
    ]);
  });

  it("fails the running answer when the agent turns out to speak no known protocol", () => {
    const state = run([...sent("p1"), { type: "unknown_protocol", message: "no idea", at: T }]);
    expect(state.turns[0]).toMatchObject({ status: "error", error: { code: "invalid_message" } });
    expect(state.notice?.message).toBe("no idea");
  });

  it("names each turn that ended, once", () => {
    const a = run(sent("p1"));
    const b = run([frame({ type: "chunk", data: "x" })], a);
    const c = run([frame({ type: "complete", fullResponse: "x" })], b);
    expect(endedTurns(a, b)).toEqual([]);
    expect(endedTurns(b, c).map((t) => t.turnId)).toEqual(["p1"]);
    expect(endedTurns(c, run([{ type: "socket_ended", reason: "user", at: T }], c))).toEqual([]);
  });
});

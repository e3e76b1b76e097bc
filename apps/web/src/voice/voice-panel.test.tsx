/**
 * The voice panel and button as a keyboard and screen-reader user meets them: the state announced in a live
 * status, push-to-talk held with Space, and a refused microphone explained in an alert with a way to retry.
 */
import { ChatSession, ConnectionUrlError } from "@interject/chat-client";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Voice } from "./use-voice.ts";
import { VoiceButton } from "./voice-button.tsx";
import { VOICE_OFF, VoiceController } from "./voice-controller.ts";
import { VoicePanel } from "./voice-panel.tsx";

afterEach(cleanup);

/** A conversation's session that is never started: voice is only given it, nothing connects. */
const session = () =>
  new ChatSession({
    getConnectionUrl: async () => {
      throw new ConnectionUrlError("unreachable", "not in this test");
    },
  });

describe("voice panel", () => {
  it("announces the state, and push-to-talk is held with Space", async () => {
    const controller = new VoiceController(session(), { workletUrl: "/voice-worklet.js" });
    const press = vi.spyOn(controller, "pressTalk");
    const release = vi.spyOn(controller, "releaseTalk");
    const voice: Voice = {
      controller,
      state: { ...VOICE_OFF, status: "listening", mode: "push_to_talk" },
    };
    const { rerender } = render(<VoicePanel voice={voice} />);
    expect(screen.getByRole("status").textContent).toContain("Hold to talk");
    expect(screen.getByRole("meter", { name: "Microphone level" })).toBeDefined();
    const talk = screen.getByRole("button", { name: "Hold to talk" });
    talk.focus();
    fireEvent.keyDown(talk, { key: " " });
    fireEvent.keyDown(talk, { key: " ", repeat: true }); // held: the key repeats
    expect(press).toHaveBeenCalledTimes(1);
    fireEvent.keyUp(talk, { key: " " });
    expect(release).toHaveBeenCalledTimes(1);
    rerender(<VoicePanel voice={{ controller, state: { ...voice.state, mode: "open_mic", muted: true } }} />);
    expect(screen.getByRole("status").textContent).toContain("Muted");
    expect(screen.getByRole("button", { name: "Unmute" }).getAttribute("aria-pressed")).toBe("true");
    rerender(<VoicePanel voice={{ controller, state: { ...voice.state, status: "speaking" } }} />);
    expect(screen.getByRole("status").textContent).toContain("Speaking");
  });

  it("explains a refused microphone in an alert, and the button is off again", async () => {
    globalThis.AudioWorkletNode ??= class {} as unknown as typeof AudioWorkletNode;
    const controller = new VoiceController(session(), {
      workletUrl: "/voice-worklet.js",
      getUserMedia: async () => {
        throw Object.assign(new Error("Permission denied"), { name: "NotAllowedError" });
      },
    });
    await act(() => controller.start());
    const voice: Voice = { controller, state: controller.getSnapshot() };
    expect(voice.state).toMatchObject({ status: "error", error: { kind: "denied" } });
    render(
      <>
        <VoiceButton voice={voice} disabled={false} />
        <VoicePanel voice={voice} />
      </>,
    );
    expect(screen.getByRole("alert").textContent).toContain("Microphone access was denied");
    expect(screen.getByRole("button", { name: "Voice" }).getAttribute("aria-pressed")).toBe("false");
    const retry = vi.spyOn(controller, "start").mockResolvedValue();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalled();
  });
});

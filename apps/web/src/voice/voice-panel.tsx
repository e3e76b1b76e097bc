/**
 * The voice panel above the composer while voice is on: what is happening (listening, thinking, speaking),
 * announced to screen readers as it changes; the microphone's level; mute; open microphone or push-to-talk
 * (hold the button, or Space or Enter while it has focus); and, when voice cannot start, why and how to fix
 * it. Every control is a real button, so the keyboard reaches all of them.
 */
import type { KeyboardEvent } from "react";
import type { Voice } from "./use-voice.ts";
import type { VoiceState } from "./voice-controller.ts";
import "./voice.css";

const STATUS_WORDS: Record<VoiceState["status"], string> = {
  off: "Voice is off",
  starting: "Starting the microphone…",
  listening: "Listening",
  thinking: "Thinking…",
  speaking: "Speaking",
  error: "Voice is off",
};

function statusWords(state: VoiceState): string {
  if (state.status === "listening" && state.muted) return "Muted";
  if (state.status === "listening" && state.mode === "push_to_talk" && !state.talking) {
    return "Hold to talk";
  }
  return STATUS_WORDS[state.status];
}

export function VoicePanel({ voice }: { voice: Voice }) {
  const { controller, state } = voice;
  if (!controller || state.status === "off") return null;
  if (state.status === "error") {
    return (
      <section id="voice-panel" className="voice-panel" data-status="error" aria-label="Voice">
        <p role="alert" className="voice-error">
          {state.error?.message ?? "Voice stopped."}
        </p>
        <button type="button" className="button small" onClick={() => void controller.start()}>
          Try again
        </button>
      </section>
    );
  }
  const ptt = state.mode === "push_to_talk";
  const holdKeys = (event: KeyboardEvent<HTMLButtonElement>, down: boolean) => {
    if (event.key !== " " && event.key !== "Enter") return;
    event.preventDefault();
    if (down && !event.repeat) controller.pressTalk();
    else if (!down) controller.releaseTalk();
  };
  return (
    <section id="voice-panel" className="voice-panel" data-status={state.status} aria-label="Voice">
      <span className="voice-status" role="status" aria-live="polite">
        <span className="voice-dot" aria-hidden="true" />
        {statusWords(state)}
      </span>
      <meter
        className="voice-meter"
        min={0}
        max={1}
        value={state.muted ? 0 : state.level}
        aria-label="Microphone level"
      />
      {state.error ? <span className="voice-warning">{state.error.message}</span> : null}
      <div className="voice-actions">
        {ptt ? (
          <button
            type="button"
            className="button small voice-talk"
            aria-pressed={state.talking}
            onPointerDown={() => controller.pressTalk()}
            onPointerUp={() => controller.releaseTalk()}
            onPointerLeave={() => controller.releaseTalk()}
            onKeyDown={(event) => holdKeys(event, true)}
            onKeyUp={(event) => holdKeys(event, false)}
            onBlur={() => controller.releaseTalk()}
          >
            {state.talking ? "Talking… release to send" : "Hold to talk"}
          </button>
        ) : null}
        <button
          type="button"
          className="button small"
          aria-pressed={ptt}
          onClick={() => controller.setMode(ptt ? "open_mic" : "push_to_talk")}
        >
          Push to talk
        </button>
        <button
          type="button"
          className="button small"
          aria-pressed={state.muted}
          onClick={() => controller.setMuted(!state.muted)}
        >
          {state.muted ? "Unmute" : "Mute"}
        </button>
      </div>
    </section>
  );
}

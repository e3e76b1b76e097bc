/**
 * The voice button beside the composer: turns voice on (asking for the microphone) and off. Its pressed
 * state and label say which; the panel above the composer (voice-panel.tsx) shows the rest.
 */
import type { Voice } from "./use-voice.ts";

export function VoiceButton({ voice, disabled }: { voice: Voice; disabled: boolean }) {
  const { controller, state } = voice;
  const on = state.status !== "off" && state.status !== "error";
  return (
    <button
      type="button"
      className="button voice-button"
      data-on={on}
      aria-pressed={on}
      aria-controls="voice-panel"
      disabled={disabled || !controller}
      onClick={() => (on ? controller?.stop() : void controller?.start())}
      title={on ? "Turn voice off" : "Talk to the agent"}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" focusable="false">
        <path
          fill="currentColor"
          d="M12 14a3 3 0 0 0 3-3V5a3 3 0 1 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z"
        />
      </svg>
      {on ? "Voice on" : "Voice"}
    </button>
  );
}

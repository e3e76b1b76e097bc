/**
 * The voice button beside the composer: turns voice on (asking for the microphone) and off. Its pressed
 * state and label say which; the panel above the composer (voice-panel.tsx) shows the rest.
 */
import { MicIcon } from "../ui/icons.tsx";
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
      <MicIcon />
      <span className="button-label">{on ? "Voice on" : "Voice"}</span>
    </button>
  );
}

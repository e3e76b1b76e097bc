/**
 * The voice button of the new-chat page, beside its composer: there is no conversation yet, so it starts one
 * and opens it with voice on (voice-autostart.ts). Same name and place as the chat's own voice button.
 */
import { MicIcon } from "../ui/icons.tsx";

export function StartVoiceButton({ disabled, onStart }: { disabled: boolean; onStart: () => void }) {
  return (
    <button
      type="button"
      className="button voice-button"
      aria-pressed={false}
      disabled={disabled}
      onClick={onStart}
      title="Start a conversation by talking"
    >
      <MicIcon />
      <span className="button-label">Voice</span>
    </button>
  );
}

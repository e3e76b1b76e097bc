/**
 * The message box: Enter sends, Shift+Enter breaks the line, Esc stops the running answer ("/" anywhere
 * puts the cursor here, ui/shortcuts.ts). While an answer
 * streams, Send still works (the agent interrupts the answer and keeps its partial) and Stop appears.
 */
import { MAX_PROMPT_CHARS } from "@interject/protocol";
import {
  type ClipboardEventHandler,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  useState,
} from "react";

export function Composer(props: {
  streaming: boolean;
  disabled: boolean;
  onSend: (text: string) => void;
  onStop: () => void;
  /** Shown above the message box (the files waiting to go). */
  above?: ReactNode;
  /** Shown beside Send (the attach button). */
  tools?: ReactNode;
  onPaste?: ClipboardEventHandler<HTMLTextAreaElement>;
  /** Sending waits (files still uploading). */
  busy?: boolean;
  /** Take the cursor at once (the new-chat screen: start typing). */
  autoFocus?: boolean;
  /** More controls beside Send, after `tools` (the voice button). */
  extra?: ReactNode;
}) {
  const {
    streaming,
    disabled,
    onSend,
    onStop,
    above,
    tools,
    onPaste,
    busy = false,
    autoFocus = false,
    extra,
  } = props;
  const [text, setText] = useState("");

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const trimmed = text.trim();
    if (!trimmed || disabled || busy) return;
    onSend(trimmed);
    setText("");
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape" && streaming) {
      event.preventDefault();
      onStop();
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      {above}
      <label htmlFor="composer-input" className="sr-only">
        Message
      </label>
      <textarea
        id="composer-input"
        // biome-ignore lint/a11y/noAutofocus: the page exists to write a first message
        autoFocus={autoFocus}
        value={text}
        rows={2}
        maxLength={MAX_PROMPT_CHARS}
        placeholder={
          streaming
            ? "Send to interrupt and ask again…"
            : "Ask anything (Enter to send, Shift+Enter for a new line)"
        }
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        {...(onPaste ? { onPaste } : {})}
        aria-describedby="composer-help"
      />
      <span id="composer-help" className="sr-only">
        Enter sends, Shift+Enter adds a line, Escape stops the answer.
      </span>
      <div className="composer-actions">
        {tools}
        {extra}
        {streaming ? (
          <button type="button" className="button danger" onClick={onStop} aria-keyshortcuts="Escape">
            Stop
          </button>
        ) : null}
        <button type="submit" className="button primary" disabled={disabled || busy || text.trim() === ""}>
          Send
        </button>
      </div>
    </form>
  );
}

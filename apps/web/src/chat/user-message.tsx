/**
 * The reader's own message in the transcript: its text, the versions switcher when it was edited or retried,
 * and Edit, which turns it into a box whose text is sent again as a new version (a new branch: what followed
 * stays, one switch away).
 */
import { MAX_PROMPT_CHARS } from "@interject/protocol";
import { type FormEvent, type KeyboardEvent, useState } from "react";
import type { Versions } from "../api/types.ts";
import { VersionSwitcher } from "./version-switcher.tsx";

export function UserMessage(props: {
  prompt: string;
  versions: Versions | undefined;
  onEdit: ((text: string) => void) | undefined;
  onVersion: ((branchId: string) => void) | undefined;
}) {
  const { prompt, versions, onEdit, onVersion } = props;
  const [draft, setDraft] = useState<string | null>(null);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const text = draft?.trim();
    if (!text || !onEdit) return;
    setDraft(null);
    onEdit(text);
  }
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setDraft(null);
    }
  }

  if (draft !== null) {
    return (
      <form className="bubble user editing" onSubmit={submit}>
        <label className="sr-only" htmlFor="edit-message">
          Edit your message
        </label>
        <textarea
          id="edit-message"
          // biome-ignore lint/a11y/noAutofocus: the reader just asked to edit this message
          autoFocus
          value={draft}
          rows={3}
          maxLength={MAX_PROMPT_CHARS}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="row end">
          <button type="button" className="button small ghost" onClick={() => setDraft(null)}>
            Cancel
          </button>
          <button type="submit" className="button small primary" disabled={draft.trim() === ""}>
            Send
          </button>
        </div>
      </form>
    );
  }
  const many = versions !== undefined && versions.branchIds.length > 1;
  return (
    <div className="user-message">
      <div className="bubble user">
        <span className="sr-only">You said: </span>
        <p className="prompt-text">{prompt}</p>
      </div>
      {many || onEdit ? (
        <div className="message-actions">
          {many && onVersion ? <VersionSwitcher versions={versions} onVersion={onVersion} /> : null}
          {onEdit ? (
            <button type="button" className="button small ghost" onClick={() => setDraft(prompt)}>
              Edit <span className="sr-only">this message</span>
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The paperclip beside Send: opens the file picker, limited to the accepted types. */
import { ACCEPTED_EXTENSIONS } from "@interject/protocol";
import { useRef } from "react";
import { PaperclipIcon } from "../ui/icons.tsx";

export function AttachButton({
  onFiles,
  disabled,
}: {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={ACCEPTED_EXTENSIONS.join(",")}
        data-testid="attach-input"
        onChange={(event) => {
          onFiles([...(event.target.files ?? [])]);
          event.target.value = "";
        }}
      />
      <button
        type="button"
        className="button ghost"
        disabled={disabled}
        aria-label="Attach files"
        title="Attach images or documents"
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon />
      </button>
    </>
  );
}

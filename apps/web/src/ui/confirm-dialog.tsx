/**
 * A modal question with a confirm and a cancel button, on the platform's <dialog> (focus kept inside, Esc
 * cancels, the page behind inert). Shown while `open`; closing it any way calls `onCancel`.
 */
import { type ReactNode, useEffect, useId, useRef } from "react";

export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** "danger" for what cannot be undone. */
  tone?: "danger" | "primary";
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { open, title, children, confirmLabel, tone = "primary", busy = false, onConfirm, onCancel } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
          <div className="row dialog-actions">
            <button type="button" className="button ghost" onClick={onCancel}>
              Cancel
            </button>
            <button type="button" className={`button ${tone}`} disabled={busy} onClick={onConfirm}>
              {confirmLabel}
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}

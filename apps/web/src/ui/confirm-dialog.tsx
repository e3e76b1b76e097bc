/**
 * A modal question with a confirm and a cancel button, in the app's one dialog frame (ui/dialog.tsx: focus
 * kept inside, Esc cancels, the page behind inert). Shown while `open`; closing it any way calls `onCancel`.
 */
import type { ReactNode } from "react";
import { Dialog } from "./dialog.tsx";

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
  return (
    <Dialog open={open} title={title} onClose={onCancel}>
      {children}
      <div className="row dialog-actions">
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={`button ${tone}`} disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

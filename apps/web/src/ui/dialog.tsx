/**
 * The one modal dialog frame every dialog of the app is drawn in: the platform's <dialog>, shown with
 * showModal() while `open` (so it is a modal dialog to assistive technology, the page behind is inert, and
 * focus moves to its first control and stays inside), labelled by its title. Esc, or the browser closing it,
 * calls `onClose`; the parent decides, so a dialog may also be closed by unmounting it. Focus then goes back
 * to what had it when the dialog opened (the platform does this only for close(), not for a dialog taken out
 * of the page, as the sidebar's menus do), unless something else has taken it since.
 */
import { type ReactNode, useEffect, useId, useRef } from "react";

export function Dialog(props: {
  open: boolean;
  /** The heading, and the dialog's accessible name. */
  title: ReactNode;
  onClose: () => void;
  /** Added to the frame's `dialog` class. */
  className?: string;
  /** Rendered only while open, so closed dialogs hold no stale state or focusable controls. */
  children?: ReactNode;
}) {
  const { open, title, onClose, className, children } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);
  // The latest `open`, for the browser's own close (read in an event, not a render).
  const isOpen = useRef(open);

  useEffect(() => {
    isOpen.current = open;
    const dialog = ref.current;
    if (!dialog || !open) return;
    if (!dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
    }
    // Closed, or unmounted while open (the platform restores nothing then): the opener gets the focus back.
    return () => {
      if (dialog.open) dialog.close();
      returnFocus(dialog, opener);
    };
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={className ? `dialog ${className}` : "dialog"}
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        // Esc belongs to the dialog: the page's own Esc (stop the answer, close the drawer) must not see it.
        if (event.key === "Escape") event.stopPropagation();
      }}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={(event) => {
        // The browser closed it without asking (a second Esc may skip the cancel event): tell the parent. The
        // event is queued, so a dialog closed and shown again since (React's StrictMode re-run) is still open.
        if (isOpen.current && !event.currentTarget.open) onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/** Focus back to the opener, if it is still on the page and the focus is lost or still in the dialog. */
function returnFocus(dialog: HTMLDialogElement, opener: { current: Element | null }): void {
  const target = opener.current;
  opener.current = null;
  if (!(target instanceof HTMLElement) || !target.isConnected) return;
  const active = document.activeElement;
  if (active === null || active === document.body || dialog.contains(active)) target.focus();
}

/** The keyboard shortcuts, listed (press `?`): a modal <dialog>, closed with Esc or its button. */
import { useEffect, useRef } from "react";
import { shortcuts } from "./shortcuts.ts";

export function ShortcutsDialog(props: { open: boolean; onClose: () => void }) {
  const { open, onClose } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {shortcuts().map((shortcut) => (
            <tr key={shortcut.id}>
              <td>{shortcut.does}</td>
              <td>
                {shortcut.keys.map((key, i) => (
                  <span key={key}>
                    {i > 0 ? " + " : null}
                    <kbd>{key}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row end">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}

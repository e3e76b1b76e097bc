/** The keyboard shortcuts, listed (press `?`): in the app's one dialog frame, closed with Esc or its button. */
import { Dialog } from "./dialog.tsx";
import { shortcuts } from "./shortcuts.ts";

export function ShortcutsDialog(props: { open: boolean; onClose: () => void }) {
  const { open, onClose } = props;
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={onClose}>
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
    </Dialog>
  );
}

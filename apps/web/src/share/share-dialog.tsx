/**
 * Export and share one conversation: download it as Markdown or JSON, make a read-only link (for anyone
 * signed in to this deployment, until it expires or is revoked), and see and revoke its links. Opened from the
 * chat's header and from the sidebar's per-item menu.
 */
import { type FormEvent, useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import { Dialog } from "../ui/dialog.tsx";
import { exportConversation } from "./export-conversation.ts";
import { ShareList } from "./share-list.tsx";
import { useCreateShare, useMyShares } from "./use-shares.ts";

const LIFETIMES = [
  { days: 1, label: "1 day" },
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
];

export function ShareDialog(props: {
  conversationId: string;
  title: string;
  /** The branch on screen: exported first and shared (the one used last when not given). */
  branchId?: string | undefined;
  open: boolean;
  onClose: () => void;
}) {
  const { conversationId, title, branchId, open, onClose } = props;
  const [days, setDays] = useState(7);
  const create = useCreateShare();
  const shares = useMyShares();
  const mine = (shares.data ?? []).filter((share) => share.conversationId === conversationId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ conversationId, expiresInDays: days, branchId });
  };
  return (
    <Dialog open={open} title={<>Export and share “{title}”</>} onClose={onClose} className="share-dialog">
      <section aria-label="Export">
        <h3>Export</h3>
        <div className="row">
          <button
            type="button"
            className="button"
            onClick={() => exportConversation(conversationId, "markdown", branchId)}
          >
            Download Markdown
          </button>
          <button
            type="button"
            className="button"
            onClick={() => exportConversation(conversationId, "json", branchId)}
          >
            Download JSON
          </button>
        </div>
      </section>
      <section aria-label="Share links">
        <h3>Share a read-only link</h3>
        <p className="muted">
          Anyone signed in to Interject can read the conversation as it is now, without your feedback or your
          files’ contents, until the link expires or you revoke it.
        </p>
        <form className="row" onSubmit={submit}>
          <label>
            Expires after{" "}
            <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {LIFETIMES.map((l) => (
                <option key={l.days} value={l.days}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary" disabled={create.isPending}>
            Create link
          </button>
        </form>
        {create.isError ? (
          <p className="form-error" role="alert">
            {describeApiError(create.error)}
          </p>
        ) : null}
        <ShareList shares={mine} showTitle={false} />
      </section>
      <div className="row dialog-actions">
        <button type="button" className="button ghost" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}

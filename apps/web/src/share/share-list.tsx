/** Share links with their state, a copy button while they work, and revoke; for one conversation or all. */
import { describeApiError } from "../api/api-error.ts";
import type { Share } from "../api/types.ts";
import { CopyButton } from "../ui/copy-button.tsx";
import { shareUrl, useRevokeShare } from "./use-shares.ts";

const STATE: Record<Share["status"], string> = { active: "active", expired: "expired", revoked: "revoked" };

export function ShareList({ shares, showTitle }: { shares: readonly Share[]; showTitle: boolean }) {
  const revoke = useRevokeShare();
  if (shares.length === 0) return <p className="muted">No share links yet.</p>;
  return (
    <>
      <ul className="share-list">
        {shares.map((share) => (
          <li key={share.id} className="share-item" data-status={share.status}>
            {showTitle ? <strong>{share.title}</strong> : null}
            <span className="muted">
              {" "}
              made {new Date(share.createdAt).toLocaleString()} ·{" "}
              {share.status === "active"
                ? `expires ${new Date(share.expiresAt).toLocaleString()}`
                : STATE[share.status]}
            </span>
            {share.status === "active" ? (
              <span className="row">
                <code className="share-url">{shareUrl(share.id)}</code>
                <CopyButton text={shareUrl(share.id)} label="Copy link" />
                <button
                  type="button"
                  className="button small danger"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(share.id)}
                >
                  Revoke
                </button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {revoke.isError ? (
        <p className="form-error" role="alert">
          {describeApiError(revoke.error)}
        </p>
      ) : null}
    </>
  );
}

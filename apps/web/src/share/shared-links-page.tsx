/** `/shares`: every share link the user made, with its state; active ones can be copied and revoked. */
import { describeApiError } from "../api/api-error.ts";
import { ShareList } from "./share-list.tsx";
import { useMyShares } from "./use-shares.ts";

export function SharedLinksPage() {
  const shares = useMyShares();
  return (
    <div className="page">
      <h1>Your share links</h1>
      {shares.isError ? <p className="form-error">{describeApiError(shares.error)}</p> : null}
      {shares.isPending ? (
        <p className="muted">Loading…</p>
      ) : (
        <ShareList shares={shares.data ?? []} showTitle />
      )}
    </div>
  );
}

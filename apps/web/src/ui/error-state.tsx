/** A full-width error with what happened, what to do, and a retry button. */
import { ApiError, describeApiError } from "../api/api-error.ts";

export function ErrorState({ title, error, retry }: { title: string; error: unknown; retry?: () => void }) {
  const expired = error instanceof ApiError && error.kind === "unauthorized";
  return (
    <div className="error-state" role="alert">
      <h2>{title}</h2>
      <p>{describeApiError(error)}</p>
      {expired ? (
        <a className="button primary" href="/sign-in">
          Sign in again
        </a>
      ) : retry ? (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

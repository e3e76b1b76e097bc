/** Change password: current and new password, with the broker's answer shown in words. */
import { type FormEvent, useState } from "react";
import { ApiError, describeApiError } from "../api/api-error.ts";
import { useChangePassword } from "./use-auth.ts";

export function ChangePasswordPage() {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm !== "" && confirm !== newPassword;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          for (const reset of [setCurrent, setNew, setConfirm]) reset("");
        },
      },
    );
  }
  const error = change.error;
  return (
    <main className="page narrow">
      <h1>Change password</h1>
      <form onSubmit={submit} className="stack">
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            value={newPassword}
            onChange={(e) => setNew(e.target.value)}
          />
        </label>
        <label>
          Repeat the new password
          <input
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            aria-invalid={mismatch}
            onChange={(e) => setConfirm(e.target.value)}
          />
        </label>
        {mismatch ? <p className="form-error">The two new passwords differ.</p> : null}
        {error ? (
          <p className="form-error" role="alert">
            {error instanceof ApiError && error.kind === "invalid" ? error.message : describeApiError(error)}
          </p>
        ) : null}
        {change.isSuccess ? (
          <p className="banner" data-tone="good" role="status">
            Password changed.
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={change.isPending || mismatch}>
          Change password
        </button>
      </form>
    </main>
  );
}

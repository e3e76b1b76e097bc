/** Change password: current and new password, with the broker's answer shown in words. */
import { type FormEvent, useState } from "react";
import { ApiError, describeApiError } from "../api/api-error.ts";
import { NewPasswordInput } from "./new-password-input.tsx";
import { passwordRuleProblem, usePasswordRule } from "./password-rule.ts";
import { useChangePassword } from "./use-auth.ts";

export function ChangePasswordPage() {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [confirm, setConfirm] = useState("");
  const mismatch = confirm !== "" && confirm !== newPassword;
  const rule = usePasswordRule();
  const [submitted, setSubmitted] = useState(false);
  const problem = rule ? passwordRuleProblem(newPassword, rule) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (mismatch || problem) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          for (const reset of [setCurrent, setNew, setConfirm]) reset("");
          setSubmitted(false);
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
        <NewPasswordInput
          label="New password"
          value={newPassword}
          onChange={setNew}
          rule={rule}
          problem={submitted ? problem : null}
        />
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

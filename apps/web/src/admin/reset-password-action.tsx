/**
 * Admin: a new generated password for an account, after a confirmation. The password is shown once, in the
 * dialog, with a copy button; closing the dialog forgets it. Single sign-on accounts have none to reset.
 */
import { useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import type { AdminUser } from "../api/types.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { CopyButton } from "../ui/copy-button.tsx";
import { useResetPassword } from "./use-admin.ts";

export function ResetPasswordAction({ user }: { user: AdminUser }) {
  const reset = useResetPassword();
  const [open, setOpen] = useState(false);
  if (user.signIn !== "password") return null;
  const close = () => {
    setOpen(false);
    reset.reset();
  };
  const password = reset.data?.password;
  return (
    <>
      <button type="button" className="button small" onClick={() => setOpen(true)}>
        Reset password <span className="sr-only">of {user.email}</span>
      </button>
      <ConfirmDialog
        open={open}
        title={password ? `New password for ${user.email}` : `Reset the password of ${user.email}?`}
        confirmLabel={password ? "Done" : "Reset password"}
        tone={password ? "primary" : "danger"}
        busy={reset.isPending}
        onCancel={close}
        onConfirm={() => (password ? close() : reset.mutate(user.id))}
      >
        {password ? (
          <>
            <p>It is shown only this once: give it to them now. Every sign-in of this account has ended.</p>
            <p className="row">
              <code className="secret" data-testid="new-password">
                {password}
              </code>
              <CopyButton text={password} label="Copy the new password" />
            </p>
          </>
        ) : (
          <p>
            A new password is generated and shown once. Their current password stops working, and every
            sign-in and open conversation of theirs ends.
          </p>
        )}
        {reset.isError ? (
          <p className="form-error" role="alert">
            {describeApiError(reset.error)}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

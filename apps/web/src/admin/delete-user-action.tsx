/** Admin: deleting an account after a confirmation that says what goes with it. */
import { useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import type { AdminUser } from "../api/types.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { useDeleteUser } from "./use-admin.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function DeleteUserAction({ user, self }: { user: AdminUser; self: boolean }) {
  const remove = useDeleteUser();
  const [open, setOpen] = useState(false);
  if (self) return null;
  return (
    <>
      <button type="button" className="button small danger" onClick={() => setOpen(true)}>
        Delete <span className="sr-only">{user.email}</span>
      </button>
      <ConfirmDialog
        open={open}
        title={`Delete ${user.email}?`}
        confirmLabel="Delete account"
        tone="danger"
        busy={remove.isPending}
        onCancel={() => {
          setOpen(false);
          remove.reset();
        }}
        onConfirm={() => remove.mutate(user.id, { onSuccess: () => setOpen(false) })}
      >
        <p>
          The account is deleted for good and every sign-in of theirs ends.{" "}
          {user.conversations === 0
            ? "They have no conversations."
            : `Their ${plural(user.conversations, "conversation")} are deleted with it: every message, trace, attached file and share link.`}{" "}
          The audit log keeps what they did, under their name. To keep their conversations, disable the
          account instead.
        </p>
        {remove.isError ? (
          <p className="form-error" role="alert">
            {describeApiError(remove.error)}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

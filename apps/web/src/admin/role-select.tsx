/** A user's role in the admin table: choosing another asks first, and says what the change does. */
import { useState } from "react";
import type { AdminUser, Role } from "../api/types.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { useUpdateUser } from "./use-admin.ts";

const EFFECT: Record<Role, string> = {
  admin:
    "Administrators manage accounts, read every conversation with its full trace, and see the audit log.",
  user: "They lose the admin console, and their open connections with the full trace end (they reconnect with milestones only).",
};

export function RoleSelect({ user }: { user: AdminUser }) {
  const update = useUpdateUser();
  const [pending, setPending] = useState<Role | null>(null);
  return (
    <>
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Role of {user.email}
      </label>
      <select
        id={`role-${user.id}`}
        value={user.role}
        onChange={(e) => setPending(e.target.value === "admin" ? "admin" : "user")}
      >
        <option value="user">user</option>
        <option value="admin">admin</option>
      </select>
      <ConfirmDialog
        open={pending !== null}
        title={`Make ${user.email} ${pending === "admin" ? "an administrator" : "a user"}?`}
        confirmLabel={pending === "admin" ? "Make administrator" : "Make user"}
        busy={update.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (pending) update.mutate({ id: user.id, role: pending }, { onSettled: () => setPending(null) });
        }}
      >
        <p>{pending ? EFFECT[pending] : null}</p>
      </ConfirmDialog>
    </>
  );
}

/** Admin: the accounts, with create, disable/enable, role change, password reset and deletion. */
import { type FormEvent, useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import type { Role } from "../api/types.ts";
import { NewPasswordInput } from "../auth/new-password-input.tsx";
import { passwordRuleProblem, usePasswordRule } from "../auth/password-rule.ts";
import { useMe } from "../auth/use-auth.ts";
import { DeleteUserAction } from "./delete-user-action.tsx";
import { ResetPasswordAction } from "./reset-password-action.tsx";
import { RoleSelect } from "./role-select.tsx";
import { useAdminUsers, useCreateUser, useUpdateUser } from "./use-admin.ts";

function CreateUserForm() {
  const create = useCreateUser();
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("user");
  const rule = usePasswordRule();
  const [submitted, setSubmitted] = useState(false);
  const problem = rule ? passwordRuleProblem(password, rule) : null;
  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (problem) return;
    create.mutate(
      { email, password, role, ...(displayName ? { displayName } : {}) },
      {
        onSuccess: () => {
          for (const reset of [setEmail, setDisplayName, setPassword]) reset("");
          setSubmitted(false);
        },
      },
    );
  }
  return (
    <form onSubmit={submit} className="inline-form" aria-label="Create a user">
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Display name
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </label>
      <NewPasswordInput
        label="Initial password"
        value={password}
        onChange={setPassword}
        rule={rule}
        problem={submitted ? problem : null}
      />
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value === "admin" ? "admin" : "user")}>
          <option value="user">user</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <button type="submit" className="button primary" disabled={create.isPending}>
        Create user
      </button>
      {create.isError ? (
        <p className="form-error" role="alert">
          {describeApiError(create.error)}
        </p>
      ) : null}
    </form>
  );
}

export function UsersPanel() {
  const users = useAdminUsers();
  const update = useUpdateUser();
  const me = useMe();
  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">Users</h2>
      <CreateUserForm />
      {users.isError ? <p className="form-error">{describeApiError(users.error)}</p> : null}
      {update.isError ? <p className="form-error">{describeApiError(update.error)}</p> : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable). */}
      <section className="table-scroll" tabIndex={0} aria-label="Table">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {(users.data ?? []).map((user) => (
              <tr key={user.id}>
                <td>{user.email}</td>
                <td>{user.displayName ?? ""}</td>
                <td>
                  <RoleSelect user={user} />
                </td>
                <td>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => update.mutate({ id: user.id, disabled: !user.disabled })}
                  >
                    {user.disabled ? "Enable" : "Disable"} <span className="sr-only">{user.email}</span>
                  </button>
                  {user.disabled ? <span className="badge bad">disabled</span> : null}
                </td>
                <td className="row">
                  <ResetPasswordAction user={user} />
                  <DeleteUserAction user={user} self={user.id === me.data?.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

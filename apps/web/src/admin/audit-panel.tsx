/** Admin: the audit log, newest first. */
import { describeApiError } from "../api/api-error.ts";
import { useAdminUsers, useAuditLog } from "./use-admin.ts";

export function AuditPanel() {
  const audit = useAuditLog();
  const users = useAdminUsers();
  const emailOf = new Map((users.data ?? []).map((u) => [u.id, u.email]));
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {audit.isError ? <p className="form-error">{describeApiError(audit.error)}</p> : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable). */}
      <section className="table-scroll" tabIndex={0} aria-label="Table">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.items ?? []).map((entry) => (
              <tr key={entry.id}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>
                  {entry.actorUserId ? (emailOf.get(entry.actorUserId) ?? entry.actorUserId) : "system"}
                </td>
                <td>{entry.action}</td>
                <td>{entry.targetType ? `${entry.targetType} ${entry.targetId ?? ""}` : ""}</td>
                <td>{entry.source ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

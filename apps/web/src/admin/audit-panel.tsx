/** Admin: the audit log, newest first. */
import { describeApiError } from "../api/api-error.ts";
import { useAuditLog } from "./use-admin.ts";

export function AuditPanel() {
  const audit = useAuditLog();
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {audit.isError ? <p className="form-error">{describeApiError(audit.error)}</p> : null}
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {(audit.data?.items ?? []).map((entry) => (
              <tr key={entry.id}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{entry.actorId ?? "system"}</td>
                <td>{entry.action}</td>
                <td>{entry.target ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

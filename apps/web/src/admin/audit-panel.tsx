/**
 * Admin: the audit log, newest first, with the people and conversations it names (a deleted account keeps
 * its name), filtered by who did it, what was done and when, a page at a time.
 */
import { useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import type { AuditEntry, AuditFilters } from "../api/types.ts";
import { useAdminUsers, useAuditActions, useAuditLog } from "./use-admin.ts";

function who(entry: AuditEntry): string {
  if (!entry.actor) return "system (command line)";
  const { name, email, deleted } = entry.actor;
  const label = email && email !== name ? `${name} (${email})` : name;
  return deleted ? `${label}, deleted` : label;
}

function what(entry: AuditEntry): string {
  const target = entry.target;
  if (!target) return "";
  const name = target.name ?? target.id ?? "";
  return target.type === "conversation" ? `conversation “${name}”` : `${target.type} ${name}`;
}

/** The detail worth reading: never ids already named, never anything secret (the broker records none). */
function details(entry: AuditEntry): string {
  return Object.entries(entry.detail)
    .filter(([key]) => !key.endsWith("Id") && key !== "sessionId")
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(", ");
}

const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const dayEnd = (day: string) => (day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined);

export function AuditPanel() {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const filters: AuditFilters = {
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(from ? { from: dayStart(from) } : {}),
    ...(to ? { to: dayEnd(to) } : {}),
  };
  const audit = useAuditLog(filters);
  const users = useAdminUsers();
  const actions = useAuditActions();
  const items = audit.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <fieldset className="inline-form">
        <legend className="sr-only">Filters</legend>
        <label>
          Who
          <select value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">anyone</option>
            <option value="system">system (command line)</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">any</option>
            {(actions.data ?? []).map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </fieldset>
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
              <th scope="col">Details</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {items.map((entry) => (
              <tr key={entry.id}>
                <td>{new Date(entry.at).toLocaleString()}</td>
                <td>{who(entry)}</td>
                <td>{entry.action}</td>
                <td>{what(entry)}</td>
                <td>{details(entry)}</td>
                <td>{entry.source ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {audit.isSuccess && items.length === 0 ? <p className="muted">No entry matches.</p> : null}
      {audit.hasNextPage ? (
        <button
          type="button"
          className="button small ghost"
          onClick={() => audit.fetchNextPage()}
          disabled={audit.isFetchingNextPage}
        >
          Show older entries
        </button>
      ) : null}
    </section>
  );
}

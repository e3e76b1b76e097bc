/**
 * Admin: conversations across users, with the broker's filters (owner, dates, status, interrupted, errors,
 * feedback) and each one's count of answers rated up and down.
 */

import { FEEDBACK_RATINGS, TurnStatus } from "@interject/protocol";
import { useState } from "react";
import { Link } from "react-router";
import { describeApiError } from "../api/api-error.ts";
import type { AdminConversationFilters } from "../api/types.ts";
import { useAdminConversations, useAdminUsers } from "./use-admin.ts";

const STATUSES = TurnStatus.options;
const FEEDBACK = ["any", ...FEEDBACK_RATINGS] as const;

export function ConversationsPanel() {
  const [filters, setFilters] = useState<AdminConversationFilters>({});
  const users = useAdminUsers();
  const list = useAdminConversations(filters);
  const set = (patch: Partial<AdminConversationFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const emailOf = new Map((users.data ?? []).map((u) => [u.id, u.email]));
  return (
    <section aria-labelledby="conversations-heading">
      <h2 id="conversations-heading">Conversations</h2>
      <fieldset className="inline-form">
        <legend className="sr-only">Filters</legend>
        <label>
          Owner
          <select value={filters.userId ?? ""} onChange={(e) => set({ userId: e.target.value || undefined })}>
            <option value="">anyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={filters.from?.slice(0, 10) ?? ""}
            onChange={(e) =>
              set({ from: e.target.value ? new Date(e.target.value).toISOString() : undefined })
            }
          />
        </label>
        <label>
          To
          <input
            type="date"
            value={filters.to?.slice(0, 10) ?? ""}
            onChange={(e) =>
              set({ to: e.target.value ? new Date(`${e.target.value}T23:59:59`).toISOString() : undefined })
            }
          />
        </label>
        <label>
          Last status
          <select
            value={filters.status ?? ""}
            onChange={(e) => set({ status: STATUSES.find((s) => s === e.target.value) })}
          >
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.interrupted === true}
            onChange={(e) => set({ interrupted: e.target.checked || undefined })}
          />
          Interrupted
        </label>
        <label>
          Feedback
          <select
            value={filters.feedback ?? ""}
            onChange={(e) => set({ feedback: FEEDBACK.find((f) => f === e.target.value) })}
          >
            <option value="">any or none</option>
            <option value="any">rated</option>
            <option value="up">rated helpful</option>
            <option value="down">rated not helpful</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.errors === true}
            onChange={(e) => set({ errors: e.target.checked || undefined })}
          />
          With errors
        </label>
      </fieldset>
      {list.isError ? <p className="form-error">{describeApiError(list.error)}</p> : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable). */}
      <section className="table-scroll" tabIndex={0} aria-label="Table">
        <table>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Owner</th>
              <th scope="col">Updated</th>
              <th scope="col">Last status</th>
              <th scope="col">Feedback</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.items ?? []).map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/admin/conversations/${encodeURIComponent(c.id)}`}>{c.title || "Untitled"}</Link>
                </td>
                <td>{emailOf.get(c.userId) ?? c.userId}</td>
                <td>{new Date(c.updatedAt).toLocaleString()}</td>
                <td>{c.lastStatus ?? ""}</td>
                <td>
                  {c.feedback.up + c.feedback.down > 0
                    ? `${c.feedback.up} helpful, ${c.feedback.down} not helpful`
                    : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {list.isSuccess && list.data.items.length === 0 ? (
        <p className="muted">No conversation matches.</p>
      ) : null}
    </section>
  );
}

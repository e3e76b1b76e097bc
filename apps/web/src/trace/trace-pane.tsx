/**
 * The trace pane beside the chat, for the selected answer: live while it streams. It renders whatever trace
 * kinds the connection received (the agent sends users milestones and approval verdicts, admins everything);
 * those alone read as a checklist, anything more as a per-turn waterfall with durations, TTFT and tokens. An
 * agent at the basic protocol level sends no traces, and the pane says so.
 */
import type { TurnView } from "@interject/chat-client";
import type { ProtocolLevel } from "@interject/protocol";
import type { ReactNode } from "react";
import { NoTracesNote } from "./no-traces-note.tsx";
import { TraceAttachments } from "./trace-attachments.tsx";
import { formatMs, type TraceRow, traceRows } from "./trace-rows.ts";

function Bar({ row, spanMs }: { row: TraceRow; spanMs: number }) {
  const left = Math.max(0, Math.min(100, (row.startMs / spanMs) * 100));
  const width =
    row.durationMs === null ? 0 : Math.max(0.8, Math.min(100 - left, (row.durationMs / spanMs) * 100));
  return (
    <div className="waterfall-track" aria-hidden="true">
      {row.durationMs === null ? (
        <span className="waterfall-point" style={{ left: `${left}%` }} />
      ) : (
        <span
          className="waterfall-bar"
          data-error={row.isError}
          style={{ left: `${left}%`, width: `${width}%` }}
        />
      )}
    </div>
  );
}

function Row({ row, spanMs, showBar }: { row: TraceRow; spanMs: number; showBar: boolean }) {
  return (
    <li className="trace-row" data-kind={row.kind}>
      <div className="trace-row-head">
        <span className="trace-kind">{row.kind.replace("_", " ")}</span>
        <span className="trace-label">{row.label}</span>
        <span className="trace-at muted">+{formatMs(Math.max(0, row.startMs))}</span>
      </div>
      {row.facts.length > 0 ? <div className="trace-facts">{row.facts.join(" · ")}</div> : null}
      {row.detail ? <p className="trace-detail">{row.detail}</p> : null}
      {showBar ? <Bar row={row} spanMs={spanMs} /> : null}
      <TraceAttachments attachments={row.attachments} tool={row.label} />
      {row.body.map((part) => (
        <details key={part.title} className="trace-body">
          <summary>{part.title}</summary>
          <pre>{part.text}</pre>
        </details>
      ))}
    </li>
  );
}

export function TracePane({
  turn,
  now = Date.now(),
  level = null,
  footer,
}: {
  turn: TurnView | undefined;
  now?: number;
  /** The level spoken with the agent, when known: `basic` sends no traces. */
  level?: ProtocolLevel | null;
  /** Shown under the trace for this answer (the feedback it got). */
  footer?: ReactNode;
}) {
  if (level === "basic") {
    return (
      <section className="trace-pane" aria-label="Trace">
        <h2>Trace</h2>
        <NoTracesNote />
        {footer}
      </section>
    );
  }
  if (!turn) {
    return (
      <section className="trace-pane" aria-label="Trace">
        <h2>Trace</h2>
        <p className="muted">Select an answer to see what the agent did.</p>
      </section>
    );
  }
  const firstAt = turn.traces[0]?.trace.at;
  const origin = turn.startedAt ?? firstAt ?? now;
  const rows = traceRows(turn.traces, origin);
  const end = Math.max(
    turn.endedAt ?? (turn.status === "streaming" ? now : origin),
    ...rows.map((row) => origin + row.startMs + (row.durationMs ?? 0)),
  );
  const spanMs = Math.max(1, end - origin);
  // Approval verdicts reach users too (they are the user's own decisions): they read as list items.
  const waterfall = rows.some((row) => row.kind !== "milestone" && row.kind !== "approval");
  return (
    <section className="trace-pane" aria-label="Trace">
      <h2>
        Trace <span className="muted">({turn.status === "streaming" ? "live" : turn.status})</span>
      </h2>
      <p className="trace-prompt muted">{turn.prompt || "(prompt not available)"}</p>
      {rows.length === 0 ? (
        <p className="muted">
          {turn.status === "streaming" ? "Waiting for the agent…" : "No trace for this answer."}
        </p>
      ) : (
        <ol className={waterfall ? "trace-list waterfall" : "trace-list milestones"}>
          {rows.map((row) => (
            <Row key={row.seq} row={row} spanMs={spanMs} showBar={waterfall} />
          ))}
        </ol>
      )}
      {waterfall ? <p className="muted trace-span">Total {formatMs(spanMs)}</p> : null}
      {footer}
    </section>
  );
}

/**
 * An approval request shown inline in the answer: what the tool wants to do, its input, the deadline
 * (counting down), and Approve / Deny. After the deadline the agent counts it as denied.
 */
import type { ApprovalView } from "@interject/chat-client";
import { useNow } from "../ui/use-now.ts";

export function ApprovalCard(props: {
  approval: ApprovalView;
  active: boolean;
  onAnswer?: (requestId: string, decision: "approve" | "deny") => void;
}) {
  const { approval, active, onAnswer } = props;
  const now = useNow(active && approval.answered === null);
  const secondsLeft = Math.max(0, Math.ceil((approval.deadline - now) / 1000));
  const expired = secondsLeft === 0;
  const open = active && approval.answered === null && !expired && onAnswer !== undefined;
  const headingId = `approval-${approval.requestId}`;
  return (
    <section className="approval" aria-labelledby={headingId}>
      <h3 id={headingId}>
        Approval needed: <code>{approval.tool}</code>
      </h3>
      <p>{approval.summary}</p>
      <details>
        <summary>Input</summary>
        <pre>{JSON.stringify(approval.input, null, 2)}</pre>
      </details>
      <p className="muted">
        {approval.answered
          ? `You chose to ${approval.answered}.`
          : expired || !active
            ? "No longer waiting for an answer (counts as denied)."
            : `Answer within ${secondsLeft} s (until ${new Date(approval.deadline).toLocaleTimeString()}); after that it counts as denied.`}
      </p>
      {open ? (
        <div className="row">
          <button
            type="button"
            className="button primary"
            onClick={() => onAnswer?.(approval.requestId, "approve")}
          >
            Approve
          </button>
          <button type="button" className="button" onClick={() => onAnswer?.(approval.requestId, "deny")}>
            Deny
          </button>
        </div>
      ) : null}
    </section>
  );
}

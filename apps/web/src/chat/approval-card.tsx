/**
 * An approval request shown inline in the answer, where the agent asked: what the tool wants to do, its
 * input, the deadline (counting down) and Approve / Deny while it waits; afterwards the agent's verdict
 * (approved, denied, expired, cancelled) from its `approval` trace, live, after a reload and in the admin
 * view. Without a verdict (history from before verdicts were kept) it says only that nothing is awaited.
 */
import type { ApprovalDecision, ApprovalView } from "@interject/chat-client";
import { useNow } from "../ui/use-now.ts";

const VERDICT: Record<ApprovalDecision, string> = {
  approved: "Approved: the tool ran.",
  denied: "Denied: the tool did not run.",
  expired: "No answer in time: it counted as denied and the tool did not run.",
  cancelled: "Cancelled: the answer stopped before a decision, and the tool did not run.",
};

function status(approval: ApprovalView, active: boolean, expired: boolean, secondsLeft: number): string {
  if (approval.decision) return VERDICT[approval.decision];
  if (approval.answered) return `You chose to ${approval.answered}.`;
  if (!active) return "No longer waiting for an answer.";
  if (expired) return "No answer in time: it counts as denied.";
  return `Answer within ${secondsLeft} s (until ${new Date(approval.deadline).toLocaleTimeString()}); after that it counts as denied.`;
}

export function ApprovalCard(props: {
  approval: ApprovalView;
  active: boolean;
  onAnswer?: (requestId: string, decision: "approve" | "deny") => void;
}) {
  const { approval, active, onAnswer } = props;
  const waiting = active && approval.answered === null && approval.decision === null;
  const now = useNow(waiting);
  const secondsLeft = Math.max(0, Math.ceil((approval.deadline - now) / 1000));
  const expired = secondsLeft === 0;
  const open = waiting && !expired && onAnswer !== undefined;
  const headingId = `approval-${approval.requestId}`;
  return (
    <section className="approval" aria-labelledby={headingId} data-decision={approval.decision ?? "none"}>
      <h3 id={headingId}>
        {waiting ? "Approval needed" : "Approval request"}: <code>{approval.tool}</code>
      </h3>
      <p>{approval.summary}</p>
      <details>
        <summary>Input</summary>
        <pre>{JSON.stringify(approval.input, null, 2)}</pre>
      </details>
      <p className="muted approval-status">{status(approval, active, expired, secondsLeft)}</p>
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

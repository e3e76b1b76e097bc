/**
 * One exchange in the transcript: the user's prompt, then the answer (streaming Markdown with a caret),
 * its status (interrupted answers stay, marked), inline approvals, copy, and the button that shows its
 * trace in the pane.
 */
import type { TurnView } from "@interject/chat-client";
import { memo } from "react";
import { CopyButton } from "../ui/copy-button.tsx";
import { ApprovalCard } from "./approval-card.tsx";
import { Markdown } from "./markdown.tsx";

const INTERRUPT_WORDS = {
  user: "Stopped by you",
  new_prompt: "Stopped for your next message",
  approval_cancelled: "Stopped: approval cancelled",
  revoked: "Stopped: access ended",
} as const;

export interface TurnItemProps {
  turn: TurnView;
  selected: boolean;
  onSelect?: (turn: TurnView) => void;
  onAnswerApproval?: (requestId: string, decision: "approve" | "deny") => void;
}

export const TurnItem = memo(function TurnItem({
  turn,
  selected,
  onSelect,
  onAnswerApproval,
}: TurnItemProps) {
  const streaming = turn.status === "streaming" || turn.status === "pending";
  return (
    <article className="turn" data-selected={selected} aria-busy={streaming}>
      <div className="bubble user">
        <span className="sr-only">You said: </span>
        <p className="prompt-text">{turn.prompt}</p>
      </div>
      <div className="bubble assistant" data-status={turn.status}>
        <span className="sr-only">Answer: </span>
        {turn.status === "pending" && turn.text === "" ? <p className="muted">Sending…</p> : null}
        {turn.text !== "" || turn.status === "streaming" ? (
          <Markdown
            text={turn.text}
            streaming={streaming}
            unfinished={turn.status === "interrupted" || turn.status === "error"}
          />
        ) : null}
        {turn.approvals.map((approval) => (
          <ApprovalCard
            key={approval.requestId}
            approval={approval}
            active={streaming}
            {...(onAnswerApproval ? { onAnswer: onAnswerApproval } : {})}
          />
        ))}
        <footer className="turn-footer">
          {turn.status === "interrupted" ? (
            <span className="badge warn">
              {INTERRUPT_WORDS[turn.interruptReason ?? "user"]} · partial answer
            </span>
          ) : null}
          {turn.status === "error" ? (
            <span className="badge bad" role="note">
              Error: {turn.error?.message ?? "the answer failed"}
            </span>
          ) : null}
          {turn.stopRequested && turn.status === "streaming" ? (
            <span className="badge">Stopping…</span>
          ) : null}
          {!streaming && turn.text ? <CopyButton text={turn.text} /> : null}
          {onSelect ? (
            <button
              type="button"
              className="button small ghost"
              aria-pressed={selected}
              onClick={() => onSelect(turn)}
            >
              {selected ? "Trace shown" : "Show trace"}
            </button>
          ) : null}
        </footer>
      </div>
    </article>
  );
});

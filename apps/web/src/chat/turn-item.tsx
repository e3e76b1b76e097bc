/**
 * One exchange in the transcript: the user's prompt, then the answer (streaming Markdown with a caret),
 * its status (interrupted answers stay, marked with why they stopped), inline approvals in their place in
 * the answer, copy, retry on the last answer, and the button that shows its trace in the pane.
 */
import type { ApprovalView, TurnStopReason, TurnView } from "@interject/chat-client";
import { Fragment, memo, type ReactNode } from "react";
import type { Versions } from "../api/types.ts";
import { TurnAttachments } from "../attachments/turn-attachments.tsx";
import { CopyButton } from "../ui/copy-button.tsx";
import { ApprovalCard } from "./approval-card.tsx";
import { Markdown } from "./markdown.tsx";
import { ReportedByBrowserBadge } from "./reported-by-browser-badge.tsx";
import { UserMessage } from "./user-message.tsx";

/**
 * Why an answer stopped, in words. Only `user` is the reader's own Stop. The string index admits a reason
 * the protocol adds before these words know it (shown as a plain "Stopped"), and keeps `revoked` valid
 * whether or not this build's protocol lists it yet.
 */
const INTERRUPT_WORDS: Record<TurnStopReason, string> & Partial<Record<string, string>> = {
  user: "Stopped by you",
  new_prompt: "Stopped for your next message",
  approval_cancelled: "Stopped: approval cancelled",
  revoked: "Stopped because your access to this conversation changed",
  barge_in: "Interrupted by your voice: kept what you heard",
  disconnected: "Cut off: this conversation was disconnected",
  cut_off: "Cut off: the connection dropped before the answer finished",
};

export function interruptWords(reason: TurnView["interruptReason"]): string {
  return INTERRUPT_WORDS[reason ?? "user"] ?? "Stopped";
}

/** What the reader can do with a turn of a branch: each callback stable across renders (TurnItem is memo). */
export interface TurnActions {
  /** Send an edited message again, as a new version of the message at `index`. */
  onEdit?: (index: number, text: string) => void;
  /** Ask again for the answer at `index` (the last one), as a new version. */
  onRetry?: (index: number) => void;
  /** Show another version of a message: the branch that shows it. */
  onVersion?: (branchId: string) => void;
}

export interface TurnItemProps {
  turn: TurnView;
  selected: boolean;
  /** The turn's place in the branch, and whether it is the last. */
  index: number;
  last: boolean;
  versions?: Versions | undefined;
  actions?: TurnActions | undefined;
  /** Marks turns the browser reported (administrators' views). */
  showReporter?: boolean;
  onSelect?: (turn: TurnView) => void;
  onAnswerApproval?: (requestId: string, decision: "approve" | "deny") => void;
  /** More actions in the answer's footer (feedback), for this turn. */
  renderActions?: (turn: TurnView) => ReactNode;
}

/** The answer's text cut where approval requests arrived: text, card, text, card, ..., text. */
function segments(text: string, approvals: readonly ApprovalView[]) {
  const ordered = [...approvals].sort((a, b) => a.textOffset - b.textOffset || a.seq - b.seq);
  const parts: Array<{ text: string; from: number; approval: ApprovalView | null }> = [];
  let from = 0;
  for (const approval of ordered) {
    const to = Math.max(from, Math.min(approval.textOffset, text.length));
    parts.push({ text: text.slice(from, to), from, approval });
    from = to;
  }
  parts.push({ text: text.slice(from), from, approval: null });
  return parts;
}

export const TurnItem = memo(function TurnItem({
  turn,
  selected,
  index,
  last,
  versions,
  actions,
  showReporter = false,
  onSelect,
  onAnswerApproval,
  renderActions,
}: TurnItemProps) {
  const streaming = turn.status === "streaming" || turn.status === "pending";
  const unfinished = turn.status === "interrupted" || turn.status === "error";
  const parts = segments(turn.text, turn.approvals);
  const { onEdit, onRetry, onVersion } = actions ?? {};
  // A version needs the turn before it on the broker: an unacknowledged prompt cannot be edited yet.
  const editable = onEdit !== undefined && turn.turnId !== null;
  return (
    <article className="turn" data-selected={selected} aria-busy={streaming}>
      <UserMessage
        prompt={turn.prompt}
        versions={versions}
        onEdit={editable ? (text) => onEdit(index, text) : undefined}
        onVersion={onVersion}
        files={<TurnAttachments files={turn.attachments} />}
      />
      <div className="bubble assistant" data-status={turn.status}>
        <span className="sr-only">Answer: </span>
        {turn.status === "pending" && turn.text === "" ? <p className="muted">Sending…</p> : null}
        {parts.map((part, index) => {
          const last = index === parts.length - 1;
          // The text before a card is finished; only the text after the last one can still grow.
          const showText = part.text !== "" || (last && turn.status === "streaming");
          return (
            <Fragment key={`${part.from}-${part.approval?.requestId ?? "end"}`}>
              {showText ? (
                <Markdown
                  text={part.text}
                  streaming={last && streaming}
                  unfinished={last ? unfinished : false}
                />
              ) : null}
              {part.approval ? (
                <ApprovalCard
                  approval={part.approval}
                  active={streaming}
                  {...(onAnswerApproval ? { onAnswer: onAnswerApproval } : {})}
                />
              ) : null}
            </Fragment>
          );
        })}
        <footer className="turn-footer">
          {turn.status === "interrupted" ? (
            <span className="badge warn" role="note">
              {interruptWords(turn.interruptReason)}
              {turn.text ? " · partial answer" : ""}
            </span>
          ) : null}
          {turn.status === "error" ? (
            <span className="badge bad" role="note">
              Error: {turn.error?.message ?? "the answer failed"}
            </span>
          ) : null}
          {showReporter && turn.reportedBy === "client" ? <ReportedByBrowserBadge /> : null}
          {turn.stopRequested && turn.status === "streaming" ? (
            <span className="badge">Stopping…</span>
          ) : null}
          {!streaming && turn.text ? <CopyButton text={turn.text} /> : null}
          {last && onRetry && !streaming && turn.turnId !== null ? (
            <button type="button" className="button small ghost" onClick={() => onRetry(index)}>
              Retry
            </button>
          ) : null}
          {renderActions?.(turn)}
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

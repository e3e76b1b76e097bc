/**
 * The transcript: a log region (`aria-live="off"`, announcements go through the Announcer) that follows the
 * answer as it grows unless the reader scrolled up, with a "Jump to latest" button then. Shared by the chat
 * and the admin's read-only view.
 */
import type { TurnView } from "@interject/chat-client";
import { useRef } from "react";
import { TurnItem } from "./turn-item.tsx";
import { useStickToBottom } from "./use-stick-to-bottom.ts";

export function Transcript(props: {
  turns: readonly TurnView[];
  selectedKey: string | null;
  onSelect?: (turn: TurnView) => void;
  onAnswerApproval?: (requestId: string, decision: "approve" | "deny") => void;
  empty?: React.ReactNode;
}) {
  const { turns, selectedKey, onSelect, onAnswerApproval, empty } = props;
  const ref = useRef<HTMLDivElement>(null);
  const last = turns.at(-1);
  const { onScroll, detached, scrollToBottom } = useStickToBottom(ref, [
    turns.length,
    last?.text.length,
    last?.status,
  ]);
  return (
    <div className="transcript-wrap">
      <div
        ref={ref}
        className="transcript"
        role="log"
        aria-live="off"
        aria-label="Conversation"
        onScroll={onScroll}
      >
        {turns.length === 0 ? empty : null}
        {turns.map((turn, index) => (
          <TurnItem
            key={turn.turnId ?? turn.promptId ?? index}
            turn={turn}
            selected={turnKey(turn) === selectedKey}
            {...(onSelect ? { onSelect } : {})}
            {...(onAnswerApproval ? { onAnswerApproval } : {})}
          />
        ))}
      </div>
      {detached ? (
        <button type="button" className="button small jump" onClick={scrollToBottom}>
          Jump to latest
        </button>
      ) : null}
    </div>
  );
}

export function turnKey(turn: TurnView): string {
  return turn.turnId ?? turn.promptId ?? "";
}

/**
 * The transcript: a log region (`aria-live="off"`, announcements go through the Announcer) that follows the
 * answer as it grows unless the reader scrolled up, with a "Jump to latest" button then. Shared by the chat
 * and the admin's read-only view.
 *
 * Following is use-stick-to-bottom's (StackBlitz; the hook behind Vercel's AI Elements): a ResizeObserver
 * on the content pins the view to the bottom after the browser's own layout, so a growing answer never
 * forces a layout from JavaScript per chunk, and scrolling up (wheel, touch, keys, selecting text) lets go.
 */
import type { TurnView } from "@interject/chat-client";
import { type ReactNode, useRef } from "react";
import { useStickToBottom } from "use-stick-to-bottom";
import type { Versions } from "../api/types.ts";
import { type TurnActions, TurnItem } from "./turn-item.tsx";

const SCROLL_UP_KEYS = new Set(["ArrowUp", "PageUp", "Home"]);

const isEditable = (target: EventTarget) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

const reducedMotion = () => globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;

export function Transcript(props: {
  turns: readonly TurnView[];
  selectedKey: string | null;
  /** The versions of the message at each place (from the branch's history; none for live turns). */
  versions?: readonly (Versions | undefined)[];
  actions?: TurnActions;
  onSelect?: (turn: TurnView) => void;
  onAnswerApproval?: (requestId: string, decision: "approve" | "deny") => void;
  /** More actions in each answer's footer (feedback); keep it stable (useCallback), turns are memoised. */
  renderActions?: (turn: TurnView) => ReactNode;
  empty?: React.ReactNode;
  /** Marks the turns the browser reported (for administrators). */
  showReporter?: boolean;
}) {
  const {
    turns,
    selectedKey,
    versions,
    actions,
    onSelect,
    onAnswerApproval,
    renderActions,
    empty,
    showReporter = false,
  } = props;
  // Instant while following: a spring animation would chase a target that moves every frame.
  const { scrollRef, contentRef, isAtBottom, scrollToBottom, stopScroll } = useStickToBottom({
    initial: "instant",
    resize: "instant",
  });
  // The library lets go on a wheel turned up over the transcript itself, but not over a code block or a
  // table that scrolls on its own, and it ignores scroll events while the content is resizing: during a fast
  // stream a reader could not scroll up with the pointer over code, or with the keyboard, or by touch. Any
  // upward gesture in the transcript means "let me read", when there is anything to scroll.
  const touchY = useRef<number | null>(null);
  const readUp = (scroller: HTMLElement) => {
    if (isAtBottom && scroller.scrollHeight > scroller.clientHeight) stopScroll();
  };
  const onWheel = (event: React.WheelEvent<HTMLDivElement>) => {
    if (event.deltaY < 0) readUp(event.currentTarget);
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (SCROLL_UP_KEYS.has(event.key) && !isEditable(event.target)) readUp(event.currentTarget);
  };
  const onTouchStart = (event: React.TouchEvent<HTMLDivElement>) => {
    touchY.current = event.touches[0]?.clientY ?? null;
  };
  const onTouchMove = (event: React.TouchEvent<HTMLDivElement>) => {
    const y = event.touches[0]?.clientY;
    // A finger moving down drags the content down: the view goes up.
    if (touchY.current !== null && y !== undefined && y > touchY.current) readUp(event.currentTarget);
  };
  return (
    <div className="transcript-wrap">
      <div
        ref={scrollRef}
        className="transcript"
        role="log"
        aria-live="off"
        aria-label="Conversation"
        data-following={isAtBottom}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        onTouchStart={onTouchStart}
        onTouchMove={onTouchMove}
      >
        <div ref={contentRef} className="transcript-content">
          {turns.length === 0 ? empty : null}
          {turns.map((turn, index) => (
            <TurnItem
              key={turn.turnId ?? turn.promptId ?? index}
              turn={turn}
              selected={turnKey(turn) === selectedKey}
              showReporter={showReporter}
              index={index}
              last={index === turns.length - 1}
              versions={versions?.[index]}
              actions={actions}
              {...(onSelect ? { onSelect } : {})}
              {...(onAnswerApproval ? { onAnswerApproval } : {})}
              {...(renderActions ? { renderActions } : {})}
            />
          ))}
        </div>
      </div>
      {isAtBottom ? null : (
        <button
          type="button"
          className="button small jump"
          onClick={() => void scrollToBottom(reducedMotion() ? "instant" : undefined)}
        >
          Jump to latest
        </button>
      )}
    </div>
  );
}

export function turnKey(turn: TurnView): string {
  return turn.turnId ?? turn.promptId ?? "";
}

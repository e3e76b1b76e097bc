/**
 * Auto-scroll that follows a growing answer unless the reader scrolled up: "at the bottom" is tracked from
 * scroll events, and after each content change the view is pinned to the bottom only if it was there.
 */
import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from "react";

const SLACK_PX = 48;

export function useStickToBottom(ref: RefObject<HTMLElement | null>, contentKey: unknown) {
  const atBottom = useRef(true);
  const [detached, setDetached] = useState(false);

  const onScroll = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= SLACK_PX;
    atBottom.current = bottom;
    setDetached(!bottom);
  }, [ref]);

  const scrollToBottom = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setDetached(false);
  }, [ref]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: contentKey is the trigger, not read.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [contentKey, ref]);

  return { onScroll, detached, scrollToBottom };
}

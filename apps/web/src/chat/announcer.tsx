/**
 * Polite screen-reader announcements of what matters (an answer finished, was stopped, failed; the
 * connection has a problem), throttled so a burst yields one message, and never per chunk: the
 * transcript's log region itself is `aria-live="off"`.
 */
import type { ChatSnapshot } from "@interject/chat-client";
import { useEffect, useRef, useState } from "react";

const THROTTLE_MS = 1500;

function describe(snapshot: ChatSnapshot, previous: ChatSnapshot | null): string | null {
  if (!previous) return null;
  const last = snapshot.chat.turns.at(-1);
  const before = previous.chat.turns.find((turn) => turn.turnId !== null && turn.turnId === last?.turnId);
  if (last && before && before.status !== last.status) {
    if (last.status === "complete") return "Answer complete.";
    if (last.status === "interrupted") return "Answer stopped. The partial answer is kept.";
    if (last.status === "error") return `The answer failed: ${last.error?.message ?? "unknown error"}.`;
  }
  const problem = snapshot.connection.problem;
  if (problem && problem.kind !== previous.connection.problem?.kind) return problem.message;
  if (snapshot.connection.status === "ready" && previous.connection.problem) return "Reconnected.";
  return null;
}

export function Announcer({ snapshot }: { snapshot: ChatSnapshot }) {
  const previous = useRef<ChatSnapshot | null>(null);
  const pending = useRef<string | null>(null);
  const lastSpoken = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [message, setMessage] = useState("");

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  useEffect(() => {
    const next = describe(snapshot, previous.current);
    previous.current = snapshot;
    if (next === null) return;
    pending.current = next;
    // One timer speaks the latest pending message: later snapshots (a reconnection right after Stop, say)
    // must not cancel it.
    if (timer.current !== null) return;
    const wait = Math.max(0, lastSpoken.current + THROTTLE_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      if (pending.current === null) return;
      setMessage(pending.current);
      pending.current = null;
      lastSpoken.current = Date.now();
    }, wait);
  }, [snapshot]);

  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}

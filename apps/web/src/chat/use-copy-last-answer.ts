/** The "copy the last answer" shortcut (ui/shortcuts.ts) for the chat on screen; says when it copied. */
import type { TurnView } from "@interject/chat-client";
import { useEffect, useRef, useState } from "react";
import { shortcutOf } from "../ui/shortcuts.ts";

export function useCopyLastAnswer(turns: readonly TurnView[]): "copied" | "failed" | "nothing" | null {
  const latest = useRef(turns);
  latest.current = turns;
  const [outcome, setOutcome] = useState<"copied" | "failed" | "nothing" | null>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (shortcutOf(event) !== "copy") return;
      event.preventDefault();
      const answer = [...latest.current].reverse().find((t) => t.status !== "pending" && t.text !== "");
      if (!answer) {
        setOutcome("nothing");
        return;
      }
      navigator.clipboard.writeText(answer.text).then(
        () => setOutcome("copied"),
        () => setOutcome("failed"),
      );
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => setOutcome(null), 2500);
    return () => clearTimeout(timer);
  }, [outcome]);
  return outcome;
}

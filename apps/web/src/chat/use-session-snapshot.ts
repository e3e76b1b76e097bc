/**
 * Reads a chat connection's state into React for the chat (and its benchmark). Updates reach React at most once
 * per animation frame (frame-subscribe.ts) and as transitions, so React renders them in slices of a few
 * milliseconds that a click or a key press can interrupt.
 *
 * Why not `useSyncExternalStore`: its updates are synchronous, so each one rendered the growing answer in a
 * single task (100 to 400 ms on a busy machine). Deferring the Markdown with `useDeferredValue` under it did
 * not help: every frame's synchronous update threw the deferred render away and started it again, and under
 * load the answer on screen stood still for the whole stream. A transition is not interrupted by the next
 * transition, so each render finishes and the page follows the stream.
 */
import {
  type ChatConnection,
  type ChatSnapshot,
  EMPTY_CHAT_STATE,
  INITIAL_CONNECTION_STATE,
} from "@interject/chat-client";
import { startTransition, useEffect, useState } from "react";
import { subscribeByFrame } from "./frame-subscribe.ts";

export const IDLE_SNAPSHOT: ChatSnapshot = {
  chat: EMPTY_CHAT_STATE,
  connection: INITIAL_CONNECTION_STATE,
  level: null,
};

export function useSessionSnapshot(session: ChatConnection | null): ChatSnapshot {
  const [read, setRead] = useState(() => ({ session, snapshot: session?.getSnapshot() ?? IDLE_SNAPSHOT }));
  useEffect(() => {
    if (!session) return;
    const update = () => setRead({ session, snapshot: session.getSnapshot() });
    update();
    return subscribeByFrame(session.subscribe)(() => startTransition(update));
  }, [session]);
  // Until the effect has run for a new session, never show the previous one's state.
  if (read.session !== session) return session?.getSnapshot() ?? IDLE_SNAPSHOT;
  return read.snapshot;
}

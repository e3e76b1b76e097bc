/**
 * Binds a `ChatSession` (from @interject/chat-client) to a conversation for as long as the chat screen
 * shows it: hydrated from the broker's history, connected with a fresh URL minted by the broker on every
 * attempt, reconnecting at once when the browser comes back online, and read through
 * `useSessionSnapshot` (once per frame, as transitions).
 */
import { ChatSession, ConnectionUrlError, type History } from "@interject/chat-client";
import { useEffect, useState } from "react";
import { ApiError } from "../api/api-error.ts";
import { brokerApi } from "../api/broker-api.ts";
import { loadHistory } from "../conversations/load-history.ts";
import { useSessionSnapshot } from "./use-session-snapshot.ts";

const RESYNC_INTERVAL_MS = 10_000;

async function mintUrl(conversationId: string) {
  try {
    return await brokerApi.connection(conversationId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.kind === "unauthorized") throw new ConnectionUrlError("unauthorized", error.message);
    // The conversation's agent was disabled or is not this user's to use: the broker says which.
    if (error.code === "agent_unavailable") throw new ConnectionUrlError("agent_unavailable", error.message);
    if (error.kind === "not_found" || error.kind === "forbidden")
      throw new ConnectionUrlError("not_found", error.message);
    if (error.kind === "rate_limited") throw new ConnectionUrlError("rate_limited", error.message);
    throw new ConnectionUrlError("unreachable", error.message);
  }
}

export function useChatSession(conversationId: string, history: History | undefined) {
  const [session, setSession] = useState<ChatSession | null>(null);

  useEffect(() => {
    if (!history) return;
    let lastResync = 0;
    const created = new ChatSession({
      getConnectionUrl: () => mintUrl(conversationId),
      onResyncNeeded: () => {
        // At most one resync per interval, so a broker that lags behind the agent cannot cause a loop.
        if (Date.now() - lastResync < RESYNC_INTERVAL_MS) return;
        lastResync = Date.now();
        loadHistory(conversationId).then(
          (fresh) => created.resync(fresh),
          // The live connection carries on; the missing part shows after the next reload.
          (error: unknown) => console.warn("could not reload the conversation history", error),
        );
      },
    });
    created.hydrate(history);
    created.start();
    setSession(created);
    const online = () => created.reconnectNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      created.stop();
      setSession(null);
    };
  }, [conversationId, history]);

  const snapshot = useSessionSnapshot(session);
  return { session, snapshot };
}

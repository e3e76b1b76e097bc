/**
 * Binds an `AgentChat` (from @interject/chat-client) to a conversation for as long as the chat screen shows
 * it: hydrated from the broker's history, speaking the agent's protocol level (the mint answer names it),
 * connected with a fresh URL minted by the broker on every attempt, reconnecting at once when the browser
 * comes back online, reporting the turns of an agent that reports nothing itself (the basic level), and read
 * through `useSessionSnapshot` (once per frame, as transitions). Leaving the page ends the connection, so a
 * basic agent's answer cut off by it is reported too.
 */
import { AgentChat, ConnectionUrlError, type History, TurnReportRefused } from "@interject/chat-client";
import type { ReportedTurn } from "@interject/protocol";
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
    if (error.kind === "not_found" || error.kind === "forbidden")
      throw new ConnectionUrlError("not_found", error.message);
    if (error.kind === "rate_limited") throw new ConnectionUrlError("rate_limited", error.message);
    throw new ConnectionUrlError("unreachable", error.message);
  }
}

/** A report the broker refused for good is not sent again; a failure that may pass is retried. */
async function reportTurn(conversationId: string, turn: ReportedTurn) {
  try {
    await brokerApi.reportTurn(conversationId, turn);
  } catch (error) {
    const final =
      error instanceof ApiError && ["unauthorized", "forbidden", "not_found", "invalid"].includes(error.kind);
    if (final) throw new TurnReportRefused(error.message);
    throw error;
  }
}

export function useChatSession(conversationId: string, history: History | undefined) {
  const [session, setSession] = useState<AgentChat | null>(null);

  useEffect(() => {
    if (!history) return;
    let lastResync = 0;
    const created = new AgentChat({
      getConnectionUrl: () => mintUrl(conversationId),
      reportTurn: (turn) => reportTurn(conversationId, turn),
      turnReporter: {
        onGiveUp: (turn, error) => console.warn("a finished turn could not be saved", turn.turnId, error),
      },
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
    // Unloading runs no effect cleanup: stop here, so what the page leaves cut off is said (and reported).
    const leave = (event: PageTransitionEvent) => {
      if (!event.persisted) created.stop();
    };
    window.addEventListener("online", online);
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("pagehide", leave);
      created.stop();
      setSession(null);
    };
  }, [conversationId, history]);

  const snapshot = useSessionSnapshot(session);
  return { session, snapshot };
}

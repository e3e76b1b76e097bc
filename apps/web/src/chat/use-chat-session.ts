/**
 * Binds an `AgentChat` (from @interject/chat-client) to one branch of a conversation for as long as the chat
 * screen shows it: hydrated from the broker's history, speaking the agent's protocol level (the mint answer
 * names it), connected to that branch's runtime session with a fresh URL minted by the broker on every
 * attempt, reconnecting at once when the browser comes back online, reporting the turns of an agent that
 * reports nothing itself (the basic level), and read through `useSessionSnapshot` (once per frame, as
 * transitions). A prompt queued for this branch (queued-prompt.ts) is sent as soon as the session exists.
 * Leaving the page ends the connection, so a basic agent's answer cut off by it is reported too.
 */
import { AgentChat, ConnectionUrlError, TurnReportRefused } from "@interject/chat-client";
import type { ReportedTurn } from "@interject/protocol";
import { useEffect, useState } from "react";
import { ApiError } from "../api/api-error.ts";
import { brokerApi } from "../api/broker-api.ts";
import { type BranchHistory, loadHistory } from "../conversations/load-history.ts";
import { type QueuedPrompt, queuePrompt, takeQueuedPrompt } from "./queued-prompt.ts";
import { useSessionSnapshot } from "./use-session-snapshot.ts";

const RESYNC_INTERVAL_MS = 10_000;

async function mintUrl(conversationId: string, branchId: string | undefined) {
  try {
    return await brokerApi.connection(conversationId, branchId);
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

/** A report the broker refused for good is not sent again; a failure that may pass is retried. */
async function reportTurn(conversationId: string, branchId: string | undefined, turn: ReportedTurn) {
  try {
    await brokerApi.reportTurn(conversationId, turn, branchId);
  } catch (error) {
    const final =
      error instanceof ApiError && ["unauthorized", "forbidden", "not_found", "invalid"].includes(error.kind);
    if (final) throw new TurnReportRefused(error.message);
    throw error;
  }
}

/**
 * @param queueKey the branch as the URL names it (undefined: none named), where a queued prompt waits.
 */
export function useChatSession(
  conversationId: string,
  loaded: BranchHistory | undefined,
  queueKey: string | undefined,
) {
  const [session, setSession] = useState<AgentChat | null>(null);
  const [sentFromQueue, setSentFromQueue] = useState<QueuedPrompt | null>(null);

  useEffect(() => {
    if (!loaded) return;
    const branchId = loaded.branchId ?? undefined;
    let lastResync = 0;
    const created = new AgentChat({
      getConnectionUrl: () => mintUrl(conversationId, branchId),
      reportTurn: (turn) => reportTurn(conversationId, branchId, turn),
      turnReporter: {
        onGiveUp: (turn, error) => console.warn("a finished turn could not be saved", turn.turnId, error),
      },
      onResyncNeeded: () => {
        // At most one resync per interval, so a broker that lags behind the agent cannot cause a loop.
        if (Date.now() - lastResync < RESYNC_INTERVAL_MS) return;
        lastResync = Date.now();
        loadHistory(conversationId, branchId).then(
          (fresh) => created.resync(fresh.history),
          // The live connection carries on; the missing part shows after the next reload.
          (error: unknown) => console.warn("could not reload the conversation history", error),
        );
      },
    });
    created.hydrate(loaded.history);
    created.start();
    setSession(created);
    // Listens only until the connection first opens: nothing is added to each streamed chunk's work.
    let opened = false;
    const unsubscribe = created.subscribe(() => {
      if (opened || created.getSnapshot().connection.status !== "ready") return;
      opened = true;
      queueMicrotask(unsubscribe);
    });
    const queued = takeQueuedPrompt(conversationId, queueKey);
    if (queued) created.sendPrompt(queued.text, queued.attachments);
    setSentFromQueue(queued ?? null);
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
      unsubscribe();
      created.stop();
      setSession(null);
      // Left before the connection ever opened (or React tried the effect twice): the prompt never went.
      if (queued && !opened) queuePrompt(conversationId, queueKey, queued);
    };
  }, [conversationId, loaded, queueKey]);

  const snapshot = useSessionSnapshot(session);
  return { session, snapshot, sentFromQueue };
}

/**
 * One conversation (`/c/:conversationId`): its history from the broker, then a live connection straight to
 * the runtime. Transcript on the left, the trace pane of the selected answer on the right (below on narrow
 * screens), the connection state in the header, the composer at the bottom (or, once the connection has
 * ended for good, why it ended and what to do).
 */
import { activeTurn, type TurnView } from "@interject/chat-client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { useParams } from "react-router";
import { conversationQueries } from "../conversations/conversation-queries.ts";
import { useAutoTitle, useConversationTitle } from "../conversations/use-conversation-title.ts";
import { TracePane } from "../trace/trace-pane.tsx";
import { ErrorState } from "../ui/error-state.tsx";
import { useNow } from "../ui/use-now.ts";
import { useOnline } from "../ui/use-online.ts";
import { Announcer } from "./announcer.tsx";
import { Composer } from "./composer.tsx";
import { ConnectionIndicator, ConnectionProblemBanner } from "./connection-indicator.tsx";
import { ConversationAgent } from "./conversation-agent.tsx";
import { ConversationEnded } from "./conversation-ended.tsx";
import { Transcript, turnKey } from "./transcript.tsx";
import { useChatSession } from "./use-chat-session.ts";

export function ChatPage() {
  const { conversationId = "" } = useParams();
  const history = useQuery(conversationQueries.history(conversationId));
  const { session, snapshot } = useChatSession(conversationId, history.data);
  const online = useOnline();
  const title = useConversationTitle(conversationId);
  const nameAfterFirstPrompt = useAutoTitle(conversationId, title);
  const [selected, setSelected] = useState<string | null>(null);
  const [traceOpen, setTraceOpen] = useState(true);
  const { turns } = snapshot.chat;
  const running = activeTurn(snapshot.chat);
  const streaming = running !== undefined;
  const selectedTurn: TurnView | undefined = turns.find((turn) => turnKey(turn) === selected) ?? turns.at(-1);
  const now = useNow(traceOpen && selectedTurn?.status === "streaming", 500);

  // When an answer ends, the sidebar's "last status" is stale: refresh the lists, a moment later, since the
  // agent reports the end to the broker asynchronously. Not once the connection has ended for good: signed
  // out, the refresh would answer 401 and take the reader away from the notice that says why.
  const queryClient = useQueryClient();
  const lastStatus = turns.at(-1)?.status;
  const ended = snapshot.connection.status === "failed" ? snapshot.connection.problem : null;
  useEffect(() => {
    if (ended) return;
    if (lastStatus !== "complete" && lastStatus !== "interrupted" && lastStatus !== "error") return;
    const timer = setTimeout(
      () => queryClient.invalidateQueries({ queryKey: conversationQueries.lists() }),
      1500,
    );
    return () => clearTimeout(timer);
  }, [lastStatus, queryClient, ended]);

  // Deleted elsewhere: the sidebar still lists it until its list is read again.
  const deleted = ended?.kind === "not_found";
  useEffect(() => {
    if (deleted) void queryClient.invalidateQueries({ queryKey: conversationQueries.lists() });
  }, [deleted, queryClient]);

  const stop = useCallback(() => session?.interrupt(), [session]);
  const send = useCallback(
    (text: string) => {
      if (!session) return;
      if (session.getSnapshot().chat.turns.length === 0) nameAfterFirstPrompt(text);
      session.sendPrompt(text);
      setSelected(null);
    },
    [session, nameAfterFirstPrompt],
  );

  useEffect(() => {
    if (!streaming) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) stop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [streaming, stop]);

  if (history.isError) {
    return (
      <ErrorState
        title="This conversation could not be loaded"
        error={history.error}
        retry={() => history.refetch()}
      />
    );
  }
  return (
    <div className="chat" data-trace-open={traceOpen}>
      <header className="chat-header">
        <h1 className="chat-title">{title ?? "Conversation"}</h1>
        <ConversationAgent conversationId={conversationId} />
        <ConnectionIndicator state={snapshot.connection} online={online} />
        <button
          type="button"
          className="button small ghost"
          aria-expanded={traceOpen}
          aria-controls="trace-pane"
          onClick={() => setTraceOpen((open) => !open)}
        >
          {traceOpen ? "Hide trace" : "Show trace"}
        </button>
      </header>
      <ConnectionProblemBanner state={snapshot.connection} online={online} />
      {snapshot.chat.notice ? (
        <div className="banner" data-tone="warn" role="status">
          {snapshot.chat.notice.message}
        </div>
      ) : null}
      <div className="chat-body">
        <div className="chat-main">
          {history.isPending ? (
            <p className="muted pad">Loading the conversation…</p>
          ) : (
            <Transcript
              turns={turns}
              selectedKey={selectedTurn ? turnKey(selectedTurn) : null}
              onSelect={(turn) => {
                setSelected(turnKey(turn));
                setTraceOpen(true);
              }}
              onAnswerApproval={(requestId, decision) => session?.answerApproval(requestId, decision)}
              empty={<p className="muted pad">Ask the agent anything to start.</p>}
            />
          )}
          {ended ? (
            <ConversationEnded problem={ended} />
          ) : (
            <Composer streaming={streaming} disabled={!session} onSend={send} onStop={stop} />
          )}
        </div>
        {traceOpen ? (
          <aside id="trace-pane" className="chat-trace">
            <TracePane turn={selectedTurn} now={now} />
          </aside>
        ) : null}
      </div>
      <Announcer snapshot={snapshot} />
    </div>
  );
}

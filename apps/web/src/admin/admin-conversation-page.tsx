/**
 * Admin: any conversation, read-only, with its full trace from the broker (refreshed every few seconds while
 * a turn is streaming). The same reducer as the live chat builds the view from the stored events. One branch
 * at a time (`?branch=`), with the versions switcher on each edited or retried message.
 */
import { chatReducer, EMPTY_CHAT_STATE, type TurnView } from "@interject/chat-client";
import { useCallback, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { Transcript, turnKey } from "../chat/transcript.tsx";
import { FeedbackSummary } from "../feedback/feedback-summary.tsx";
import { TracePane } from "../trace/trace-pane.tsx";
import { ErrorState } from "../ui/error-state.tsx";
import { useAdminConversation } from "./use-admin.ts";

export function AdminConversationPage() {
  const { conversationId = "" } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const detail = useAdminConversation(conversationId, search.get("branch") ?? undefined);
  const onVersion = useCallback(
    (branchId: string) =>
      navigate(
        `/admin/conversations/${encodeURIComponent(conversationId)}?branch=${encodeURIComponent(branchId)}`,
      ),
    [navigate, conversationId],
  );
  const actions = useMemo(() => ({ onVersion }), [onVersion]);
  const [selected, setSelected] = useState<string | null>(null);
  const state = useMemo(() => {
    if (!detail.data) return EMPTY_CHAT_STATE;
    // Events of several runtime sessions (a branch's inherited turns): each turn's are in seq order, and
    // the highest seq of all lets every one through.
    const { turns, events } = detail.data;
    const lastSeq = events.reduce((max, event) => Math.max(max, event.seq), 0);
    return chatReducer(EMPTY_CHAT_STATE, { type: "hydrate", history: { turns, lastSeq, events } });
  }, [detail.data]);
  if (detail.isError)
    return (
      <ErrorState
        title="This conversation could not be loaded"
        error={detail.error}
        retry={() => detail.refetch()}
      />
    );
  if (!detail.data) return <p className="muted pad">Loading…</p>;
  const selectedTurn: TurnView | undefined =
    state.turns.find((t) => turnKey(t) === selected) ?? state.turns.at(-1);
  const { conversation, owner } = detail.data;
  const feedback = detail.data.turns.find((t) => t.turnId === selectedTurn?.turnId)?.feedback;
  return (
    <div className="chat" data-trace-open="true">
      <header className="chat-header">
        <Link to="/admin" className="button small ghost">
          Back to admin
        </Link>
        <h1 className="chat-title">
          {conversation.title || "Untitled"} <span className="muted">· {owner.email} · read-only</span>
        </h1>
        {detail.isFetching ? <span className="muted">refreshing…</span> : null}
      </header>
      <div className="chat-body">
        <div className="chat-main">
          <Transcript
            turns={state.turns}
            versions={detail.data.turns.map((turn) => turn.versions)}
            actions={actions}
            selectedKey={selectedTurn ? turnKey(selectedTurn) : null}
            onSelect={(turn) => setSelected(turnKey(turn))}
            empty={<p className="muted pad">No messages.</p>}
            showReporter
          />
        </div>
        <aside className="chat-trace">
          {/* The browser reports a turn only for an agent that sends no traces (the basic level). */}
          <TracePane
            turn={selectedTurn}
            level={selectedTurn?.reportedBy === "client" ? "basic" : null}
            footer={feedback ? <FeedbackSummary feedback={feedback} /> : null}
          />
        </aside>
      </div>
    </div>
  );
}

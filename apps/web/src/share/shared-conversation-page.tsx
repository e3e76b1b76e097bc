/**
 * `/s/:shareId`: a conversation someone shared, read-only, as it was when they shared it. Files are named,
 * not opened (they stay readable by their owner and administrators only). Opening it is audit-logged.
 */
import { chatReducer, EMPTY_CHAT_STATE } from "@interject/chat-client";
import { useMemo } from "react";
import { Link, useParams } from "react-router";
import { ApiError } from "../api/api-error.ts";
import { AttachmentLinks } from "../attachments/turn-attachments.tsx";
import { Transcript } from "../chat/transcript.tsx";
import { ErrorState } from "../ui/error-state.tsx";
import { useSharedConversation } from "./use-shares.ts";

export function SharedConversationPage() {
  const { shareId = "" } = useParams();
  const shared = useSharedConversation(shareId);
  const turns = useMemo(() => {
    if (!shared.data) return [];
    return chatReducer(EMPTY_CHAT_STATE, {
      type: "hydrate",
      history: { turns: shared.data.turns, lastSeq: 0 },
    }).turns;
  }, [shared.data]);
  if (shared.isError) {
    const gone =
      shared.error instanceof ApiError && (shared.error.status === 410 || shared.error.status === 404);
    return gone ? (
      <div className="pad">
        <h1>This link does not work</h1>
        <p>{shared.error.message.replace(/^./, (c) => c.toUpperCase())}. Ask its owner for a new one.</p>
        <Link to="/">Back to your conversations</Link>
      </div>
    ) : (
      <ErrorState
        title="This shared conversation could not be loaded"
        error={shared.error}
        retry={() => shared.refetch()}
      />
    );
  }
  if (!shared.data) return <p className="muted pad">Loading…</p>;
  const { conversation, owner, share } = shared.data;
  return (
    <div className="chat" data-trace-open="false">
      <header className="chat-header">
        <h1 className="chat-title">
          {conversation.title} <span className="muted">· shared by {owner.displayName} · read-only</span>
        </h1>
        <span className="muted">Link expires {new Date(share.expiresAt).toLocaleString()}</span>
      </header>
      <div className="chat-body">
        <div className="chat-main">
          <AttachmentLinks.Provider value={shared.data.isOwner}>
            <Transcript turns={turns} selectedKey={null} empty={<p className="muted pad">No messages.</p>} />
          </AttachmentLinks.Provider>
        </div>
      </div>
    </div>
  );
}

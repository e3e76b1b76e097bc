/**
 * The sidebar: new conversation (with the agent to talk to, when there is a choice), search by title, and the
 * caller's conversations, newest first.
 */
import { useDeferredValue, useState } from "react";
import { useNavigate } from "react-router";
import { AgentPicker } from "../agents/agent-picker.tsx";
import { describeApiError } from "../api/api-error.ts";
import { ConversationItem } from "./conversation-item.tsx";
import { useConversationList, useCreateConversation } from "./use-conversations.ts";

export function Sidebar() {
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  const list = useConversationList(q);
  const create = useCreateConversation();
  const [agentId, setAgentId] = useState<string>();
  const navigate = useNavigate();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <nav className="sidebar" aria-label="Conversations">
      <AgentPicker value={agentId} onChange={setAgentId} disabled={create.isPending} />
      <button
        type="button"
        className="button primary wide"
        disabled={create.isPending}
        onClick={() =>
          create.mutate(agentId ? { agentId } : {}, {
            onSuccess: ({ conversation }) => navigate(`/c/${encodeURIComponent(conversation.id)}`),
          })
        }
      >
        New conversation
      </button>
      {create.isError ? <p className="form-error">{describeApiError(create.error)}</p> : null}
      <label className="sr-only" htmlFor="conversation-search">
        Search conversations by title
      </label>
      <input
        id="conversation-search"
        type="search"
        placeholder="Search titles"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {list.isError ? (
        <div className="banner" data-tone="bad" role="alert">
          {describeApiError(list.error)}{" "}
          <button type="button" className="button small" onClick={() => list.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      <ul className="conversation-list">
        {items.map((conversation) => (
          <ConversationItem key={conversation.id} conversation={conversation} />
        ))}
      </ul>
      {list.isSuccess && items.length === 0 ? (
        <p className="muted">{q ? "No conversation has that in its title." : "No conversations yet."}</p>
      ) : null}
      {list.hasNextPage ? (
        <button
          type="button"
          className="button small ghost"
          onClick={() => list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          Show more
        </button>
      ) : null}
    </nav>
  );
}

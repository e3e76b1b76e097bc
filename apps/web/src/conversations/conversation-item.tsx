/** One conversation in the sidebar: a link, with rename (inline form) and delete (inline confirmation). */
import { type FormEvent, useState } from "react";
import { NavLink, useNavigate, useParams } from "react-router";
import type { Conversation } from "../api/types.ts";
import { useDeleteConversation, useRenameConversation } from "./use-conversations.ts";

export function ConversationItem({ conversation }: { conversation: Conversation }) {
  const [mode, setMode] = useState<"view" | "rename" | "delete">("view");
  const [title, setTitle] = useState(conversation.title);
  const rename = useRenameConversation();
  const remove = useDeleteConversation();
  const navigate = useNavigate();
  const { conversationId } = useParams();

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return;
    rename.mutate({ id: conversation.id, title: trimmed }, { onSuccess: () => setMode("view") });
  }

  if (mode === "rename") {
    return (
      <li className="conversation-item">
        <form onSubmit={submit} className="row">
          <label className="sr-only" htmlFor={`rename-${conversation.id}`}>
            New title
          </label>
          <input
            id={`rename-${conversation.id}`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
          />
          <button type="submit" className="button small primary" disabled={rename.isPending}>
            Save
          </button>
          <button type="button" className="button small ghost" onClick={() => setMode("view")}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  if (mode === "delete") {
    return (
      <li className="conversation-item">
        <p>Delete “{conversation.title}”?</p>
        <div className="row">
          <button
            type="button"
            className="button small danger"
            disabled={remove.isPending}
            onClick={() =>
              remove.mutate(conversation.id, {
                onSuccess: () => {
                  if (conversationId === conversation.id) navigate("/");
                },
              })
            }
          >
            Delete
          </button>
          <button type="button" className="button small ghost" onClick={() => setMode("view")}>
            Keep
          </button>
        </div>
      </li>
    );
  }
  return (
    <li className="conversation-item">
      <NavLink to={`/c/${encodeURIComponent(conversation.id)}`} className="conversation-link">
        <span className="conversation-title">{conversation.title || "Untitled"}</span>
        {conversation.lastStatus && conversation.lastStatus !== "complete" ? (
          <span className="badge small">{conversation.lastStatus}</span>
        ) : null}
      </NavLink>
      <div className="conversation-actions">
        <button
          type="button"
          className="button small ghost"
          aria-label={`Rename ${conversation.title}`}
          onClick={() => setMode("rename")}
        >
          Rename
        </button>
        <button
          type="button"
          className="button small ghost"
          aria-label={`Delete ${conversation.title}`}
          onClick={() => setMode("delete")}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

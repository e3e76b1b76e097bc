/**
 * One conversation in the sidebar: a link (with the matching words when it was found by a search), and its
 * actions in a menu: rename (inline), pin or unpin, export and share (ConversationMenuExtras), delete (after
 * a confirmation that says what goes).
 */
import { type FormEvent, useState } from "react";
import { NavLink, useNavigate, useParams } from "react-router";
import type { Conversation, SnippetPart } from "../api/types.ts";
import { ConfirmDialog } from "../ui/confirm-dialog.tsx";
import { MenuButton, MenuItem } from "../ui/menu.tsx";
import { ConversationMenuExtras } from "./conversation-menu-extras.tsx";
import { useDeleteConversation, usePinConversation, useRenameConversation } from "./use-conversations.ts";

function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <span className="conversation-snippet">
      {parts.map((part, i) =>
        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </span>
  );
}

export function ConversationItem(props: { conversation: Conversation; snippet?: SnippetPart[] | null }) {
  const { conversation, snippet } = props;
  const [mode, setMode] = useState<"view" | "rename" | "delete">("view");
  const [title, setTitle] = useState(conversation.title);
  const rename = useRenameConversation();
  const pin = usePinConversation();
  const remove = useDeleteConversation();
  const navigate = useNavigate();
  const { conversationId } = useParams();
  const name = conversation.title || "Untitled";

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = title.trim();
    if (!trimmed) return;
    rename.mutate({ id: conversation.id, title: trimmed }, { onSuccess: () => setMode("view") });
  }

  if (mode === "rename") {
    return (
      <li className="conversation-item">
        <form onSubmit={submit} className="row rename-form">
          <label className="sr-only" htmlFor={`rename-${conversation.id}`}>
            New title
          </label>
          <input
            id={`rename-${conversation.id}`}
            // biome-ignore lint/a11y/noAutofocus: the reader just chose Rename
            autoFocus
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setMode("view");
            }}
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
  return (
    <li className="conversation-item" data-pinned={conversation.pinnedAt !== null}>
      <NavLink to={`/c/${encodeURIComponent(conversation.id)}`} className="conversation-link">
        <span className="conversation-title">{name}</span>
        {conversation.lastStatus && conversation.lastStatus !== "complete" ? (
          <span className="badge small">{conversation.lastStatus}</span>
        ) : null}
        {snippet && snippet.length > 0 ? <Snippet parts={snippet} /> : null}
      </NavLink>
      <MenuButton label={`Actions for ${name}`} className="conversation-menu">
        {(close) => (
          <>
            <MenuItem
              onSelect={() => {
                close();
                setTitle(conversation.title);
                setMode("rename");
              }}
            >
              Rename
            </MenuItem>
            <MenuItem
              onSelect={() => {
                close();
                pin.mutate({ id: conversation.id, pinned: conversation.pinnedAt === null });
              }}
            >
              {conversation.pinnedAt === null ? "Pin" : "Unpin"}
            </MenuItem>
            <ConversationMenuExtras conversation={conversation} close={close} />
            <MenuItem
              tone="danger"
              onSelect={() => {
                close();
                setMode("delete");
              }}
            >
              Delete
            </MenuItem>
          </>
        )}
      </MenuButton>
      {mode === "delete" ? (
        <ConfirmDialog
          title={`Delete “${name}”?`}
          confirm="Delete"
          busy={remove.isPending}
          onCancel={() => setMode("view")}
          onConfirm={() =>
            remove.mutate(conversation.id, {
              onSuccess: () => {
                setMode("view");
                if (conversationId === conversation.id) navigate("/");
              },
            })
          }
        >
          <p>
            Every message in it, every version of them and their traces are deleted. This cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </li>
  );
}

/**
 * The sidebar: new conversation (the new-chat page: nothing is stored until the first message), search over
 * titles and what was said (each hit with its snippet), and the caller's conversations: pinned ones on top,
 * then grouped by when they were last active.
 */
import { useDeferredValue, useState } from "react";
import { Link } from "react-router";
import { describeApiError } from "../api/api-error.ts";
import { focusComposer } from "../ui/shortcuts.ts";
import { useNow } from "../ui/use-now.ts";
import { ConversationItem } from "./conversation-item.tsx";
import { groupByDate } from "./date-groups.ts";
import { useConversationList } from "./use-conversations.ts";

const groupId = (group: string) => `group-${group.toLowerCase().replace(/\W+/g, "-")}`;

/** Re-read "today" every minute, so the groups follow midnight. */
const MINUTE = 60_000;

export function Sidebar() {
  const [search, setSearch] = useState("");
  const q = useDeferredValue(search.trim());
  const list = useConversationList(q);
  const now = useNow(true, MINUTE);
  const pages = list.data?.pages ?? [];
  const pinned = pages[0]?.pinned ?? [];
  const items = pages.flatMap((page) => page.items);
  const empty = list.isSuccess && items.length === 0 && pinned.length === 0;

  return (
    <nav className="sidebar" aria-label="Conversations">
      <Link
        to="/"
        className="button primary wide"
        onClick={() => requestAnimationFrame(() => focusComposer())}
      >
        New conversation
      </Link>
      <label className="sr-only" htmlFor="conversation-search">
        Search conversations
      </label>
      <input
        id="conversation-search"
        type="search"
        placeholder="Search conversations"
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
      {q ? (
        <section aria-label="Search results">
          <ul className="conversation-list">
            {items.map((item) => (
              <ConversationItem key={item.id} conversation={item} snippet={item.snippet} />
            ))}
          </ul>
        </section>
      ) : (
        <>
          {pinned.length > 0 ? (
            <section aria-labelledby="group-pinned">
              <h2 className="group-title" id="group-pinned">
                Pinned
              </h2>
              <ul className="conversation-list">
                {pinned.map((item) => (
                  <ConversationItem key={item.id} conversation={item} />
                ))}
              </ul>
            </section>
          ) : null}
          {groupByDate(items, new Date(now)).map(({ group, items: inGroup }) => (
            <section key={group} aria-labelledby={groupId(group)}>
              <h2 className="group-title" id={groupId(group)}>
                {group}
              </h2>
              <ul className="conversation-list">
                {inGroup.map((item) => (
                  <ConversationItem key={item.id} conversation={item} />
                ))}
              </ul>
            </section>
          ))}
        </>
      )}
      {empty ? (
        <p className="muted">{q ? "Nothing found in your conversations." : "No conversations yet."}</p>
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

/**
 * The title of a conversation as the sidebar's cached lists know it (no extra request), and the title a
 * new conversation gets from its first message, so the sidebar and search show something meaningful.
 */
import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import type { Conversation } from "../api/types.ts";
import { conversationQueries } from "./conversation-queries.ts";

const MAX_AUTO_TITLE = 60;

type ListPage = { items: Conversation[]; pinned: Conversation[]; nextCursor: string | null };

export function useConversationTitle(id: string): string | undefined {
  const client = useQueryClient();
  const lists = client.getQueriesData<InfiniteData<ListPage>>({ queryKey: conversationQueries.lists() });
  for (const [, data] of lists) {
    const found = data?.pages.flatMap((page) => [...page.pinned, ...page.items]).find((c) => c.id === id);
    if (found) return found.title;
  }
  return undefined;
}

export function autoTitle(prompt: string): string {
  const line = prompt.replace(/\s+/g, " ").trim();
  return line.length <= MAX_AUTO_TITLE ? line : `${line.slice(0, MAX_AUTO_TITLE - 1).trimEnd()}…`;
}

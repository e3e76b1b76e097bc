/**
 * The title of a conversation as the sidebar's cached lists know it (no extra request), and the automatic
 * title: a conversation still called "New conversation" (the broker's default) is renamed after its first
 * prompt, so the sidebar and search show something meaningful.
 */
import { type InfiniteData, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Conversation } from "../api/types.ts";
import { conversationQueries } from "./conversation-queries.ts";
import { useRenameConversation } from "./use-conversations.ts";

const BROKER_DEFAULT_TITLE = "New conversation";
const MAX_AUTO_TITLE = 60;

type ListPage = { items: Conversation[]; nextCursor: string | null };

export function useConversationTitle(id: string): string | undefined {
  const client = useQueryClient();
  const lists = client.getQueriesData<InfiniteData<ListPage>>({ queryKey: conversationQueries.lists() });
  for (const [, data] of lists) {
    const found = data?.pages.flatMap((page) => page.items).find((c) => c.id === id);
    if (found) return found.title;
  }
  return undefined;
}

export function autoTitle(prompt: string): string {
  const line = prompt.replace(/\s+/g, " ").trim();
  return line.length <= MAX_AUTO_TITLE ? line : `${line.slice(0, MAX_AUTO_TITLE - 1).trimEnd()}…`;
}

/** Returns a function to call with the first prompt of a conversation. */
export function useAutoTitle(id: string, currentTitle: string | undefined) {
  const rename = useRenameConversation();
  return useCallback(
    (prompt: string) => {
      if (currentTitle !== BROKER_DEFAULT_TITLE) return;
      const title = autoTitle(prompt);
      if (title) rename.mutate({ id, title });
    },
    [id, currentTitle, rename],
  );
}

/** TanStack Query factories for the caller's conversations and their stored history. */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import { loadHistory } from "./load-history.ts";

export const conversationQueries = {
  all: () => ["conversations"] as const,
  lists: () => [...conversationQueries.all(), "list"] as const,
  list: (q: string) =>
    infiniteQueryOptions({
      queryKey: [...conversationQueries.lists(), { q }],
      queryFn: ({ pageParam }) => brokerApi.listConversations({ q, cursor: pageParam, limit: 50 }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.nextCursor,
    }),
  detail: (id: string) => [...conversationQueries.all(), "detail", id] as const,
  /** The conversation itself (its agent never changes, so it is read once). */
  summary: (id: string) =>
    queryOptions({
      queryKey: [...conversationQueries.detail(id), "summary"],
      queryFn: async () => (await brokerApi.conversation(id)).conversation,
      staleTime: Number.POSITIVE_INFINITY,
    }),
  /**
   * One branch's turns plus the events with their traces: what a reloaded page rebuilds from. `branch`
   * undefined: the branch used last. While another branch of the same conversation loads, the one on screen
   * stays (`isPlaceholderData`), never another conversation's.
   */
  history: (id: string, branch: string | undefined) =>
    queryOptions({
      queryKey: [...conversationQueries.detail(id), "history", branch ?? null],
      queryFn: () => loadHistory(id, branch),
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: 0,
      placeholderData: (previous, previousQuery) =>
        previousQuery?.queryKey[2] === id ? previous : undefined,
    }),
};

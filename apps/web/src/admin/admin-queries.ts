/** TanStack Query factories for the admin console. */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import type { AdminConversationFilters, AuditFilters } from "../api/types.ts";

export const adminQueries = {
  all: () => ["admin"] as const,
  users: () =>
    queryOptions({
      queryKey: [...adminQueries.all(), "users"],
      queryFn: async () => (await brokerApi.adminUsers()).users,
    }),
  conversations: (filters: AdminConversationFilters) =>
    queryOptions({
      queryKey: [...adminQueries.all(), "conversations", filters],
      queryFn: () => brokerApi.adminConversations(filters),
    }),
  /**
   * One branch of a conversation (the one used last unless `branch` says) with its full trace and the versions
   * of each message; refreshed every few seconds while a turn is streaming.
   */
  conversation: (id: string, branch?: string) =>
    queryOptions({
      queryKey: [...adminQueries.all(), "conversation", id, branch ?? null],
      queryFn: () => brokerApi.adminConversation(id, branch),
      refetchInterval: (query) =>
        query.state.data?.turns.some((turn) => turn.status === "streaming") ? 2_000 : false,
    }),
  /** The agents registry: every agent, whether it is pinned by the settings, and where connections go. */
  agents: () =>
    queryOptions({ queryKey: [...adminQueries.all(), "agents"], queryFn: () => brokerApi.adminAgents() }),
  audits: () => [...adminQueries.all(), "audit"] as const,
  /** The audit log, newest first, a page at a time, with the console's filters. */
  audit: (filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: [...adminQueries.audits(), filters],
      queryFn: ({ pageParam }) => brokerApi.adminAudit({ ...filters, cursor: pageParam }),
      initialPageParam: null as string | null,
      getNextPageParam: (page) => page.nextCursor,
    }),
  auditActions: () =>
    queryOptions({
      queryKey: [...adminQueries.audits(), "actions"],
      queryFn: async () => (await brokerApi.adminAuditActions()).actions,
    }),
};

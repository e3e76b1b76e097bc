/** Thin hooks for the conversation list and its mutations; lists are invalidated by prefix. */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { agentQueries } from "../agents/agent-queries.ts";
import { brokerApi } from "../api/broker-api.ts";
import { conversationQueries } from "./conversation-queries.ts";

export const useConversationList = (q: string) => useInfiniteQuery(conversationQueries.list(q));

function useInvalidateLists() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: conversationQueries.lists() });
}

export function useCreateConversation() {
  const invalidate = useInvalidateLists();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { title?: string; agentId?: string } = {}) => brokerApi.createConversation(input),
    onSuccess: invalidate,
    // The agent may have been disabled since the list was read: read it again.
    onError: () => client.invalidateQueries({ queryKey: agentQueries.all() }),
  });
}

export function useRenameConversation() {
  const invalidate = useInvalidateLists();
  return useMutation({
    mutationFn: (input: { id: string; title: string }) => brokerApi.renameConversation(input.id, input.title),
    onSuccess: invalidate,
  });
}

export function usePinConversation() {
  const invalidate = useInvalidateLists();
  return useMutation({
    mutationFn: (input: { id: string; pinned: boolean }) => brokerApi.pinConversation(input.id, input.pinned),
    onSuccess: invalidate,
  });
}

export function useDeleteConversation() {
  const invalidate = useInvalidateLists();
  return useMutation({ mutationFn: (id: string) => brokerApi.deleteConversation(id), onSuccess: invalidate });
}

/** Thin hooks for the conversation list and its mutations; lists are invalidated by prefix. */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import { conversationQueries } from "./conversation-queries.ts";

export const useConversationList = (q: string) => useInfiniteQuery(conversationQueries.list(q));

function useInvalidateLists() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: conversationQueries.lists() });
}

export function useCreateConversation() {
  const invalidate = useInvalidateLists();
  return useMutation({
    mutationFn: (title?: string) => brokerApi.createConversation(title),
    onSuccess: invalidate,
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

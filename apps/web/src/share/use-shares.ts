/** The caller's share links: listed, made, revoked (TanStack Query, invalidated by prefix). */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";

export const shareQueries = {
  all: () => ["shares"] as const,
  mine: () =>
    queryOptions({
      queryKey: [...shareQueries.all(), "mine"],
      queryFn: async () => (await brokerApi.shares()).items,
    }),
  open: (shareId: string) =>
    queryOptions({
      queryKey: [...shareQueries.all(), "open", shareId],
      queryFn: () => brokerApi.openShare(shareId),
    }),
};

export const useMyShares = () => useQuery(shareQueries.mine());
export const useSharedConversation = (shareId: string) => useQuery(shareQueries.open(shareId));

export function useCreateShare() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { conversationId: string; expiresInDays: number; branchId?: string | undefined }) =>
      brokerApi.createShare(input.conversationId, input.expiresInDays, input.branchId),
    onSuccess: () => client.invalidateQueries({ queryKey: shareQueries.all() }),
  });
}

export function useRevokeShare() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) => brokerApi.revokeShare(shareId),
    onSuccess: () => client.invalidateQueries({ queryKey: shareQueries.all() }),
  });
}

/** The address a link opens, on this deployment. */
export const shareUrl = (shareId: string) => `${location.origin}/s/${shareId}`;

/**
 * The owner's feedback on a conversation's answers: read once per conversation (by turn id), changed with
 * an optimistic update so the thumbs answer at once, and put back if the broker refuses.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { brokerApi } from "../api/broker-api.ts";
import type { Feedback, FeedbackRating } from "../api/types.ts";
import { conversationQueries } from "../conversations/conversation-queries.ts";

export type FeedbackByTurn = ReadonlyMap<string, Feedback>;

export const feedbackQuery = (conversationId: string) =>
  queryOptions({
    queryKey: [...conversationQueries.detail(conversationId), "feedback"],
    queryFn: async (): Promise<FeedbackByTurn> => {
      const { items } = await brokerApi.feedback(conversationId);
      return new Map(items.map(({ turnId, ...feedback }) => [turnId, feedback]));
    },
  });

export const useFeedback = (conversationId: string) => useQuery(feedbackQuery(conversationId));

export function useGiveFeedback(conversationId: string) {
  const client = useQueryClient();
  const key = feedbackQuery(conversationId).queryKey;
  return useMutation({
    mutationFn: async (input: { turnId: string; rating: FeedbackRating | null; comment?: string }) => {
      if (input.rating === null) await brokerApi.clearFeedback(conversationId, input.turnId);
      else await brokerApi.setFeedback(conversationId, input.turnId, input.rating, input.comment);
    },
    onMutate: async (input) => {
      await client.cancelQueries({ queryKey: key });
      const before = client.getQueryData(key);
      const next = new Map(before ?? []);
      if (input.rating === null) next.delete(input.turnId);
      else
        next.set(input.turnId, {
          rating: input.rating,
          comment: input.comment?.trim() || null,
          at: new Date().toISOString(),
        });
      client.setQueryData(key, next);
      return { before };
    },
    onError: (_error, _input, context) => client.setQueryData(key, context?.before),
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  });
}

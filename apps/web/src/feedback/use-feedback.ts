/**
 * The owner's feedback on a conversation's answers: read once per conversation (by turn id), changed with
 * an optimistic update so the thumbs answer at once, and put back if the broker refuses.
 *
 * An answer reaches the broker from the agent (or, for a basic agent, from this browser) a moment after it
 * ends on screen, so a thumb given at once can find the broker without that answer yet ("not found") or
 * still writing it (409). Those two are retried with back-off for a few seconds before the error shows.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../api/api-error.ts";
import { brokerApi } from "../api/broker-api.ts";
import type { Feedback, FeedbackRating } from "../api/types.ts";
import { conversationQueries } from "../conversations/conversation-queries.ts";

export type FeedbackByTurn = ReadonlyMap<string, Feedback>;

/** Tries after the first while the answer is not yet stored: 0.25 + 0.5 + 1 + 2 + 2 + 2 s, about 8 s in all. */
export const FEEDBACK_RETRIES = 6;
const MAX_RETRY_DELAY_MS = 2000;

/** Whether a refused feedback call is worth trying again: the answer is not (yet) stored, or still streaming. */
export function answerNotStoredYet(error: unknown): boolean {
  return error instanceof ApiError && (error.kind === "not_found" || error.status === 409);
}

export const feedbackRetryDelay = (attempt: number) => Math.min(250 * 2 ** attempt, MAX_RETRY_DELAY_MS);

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
    retry: (failures, error) => failures < FEEDBACK_RETRIES && answerNotStoredYet(error),
    retryDelay: feedbackRetryDelay,
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

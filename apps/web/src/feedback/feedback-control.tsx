/**
 * Thumbs up or down on one answer, with an optional comment: choosing a thumb saves it at once and offers a
 * comment box; choosing the same thumb again takes it back.
 */
import { MAX_FEEDBACK_COMMENT_CHARS } from "@interject/protocol";
import { type FormEvent, useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import type { Feedback, FeedbackRating } from "../api/types.ts";
import { ThumbDownIcon, ThumbUpIcon } from "../ui/icons.tsx";
import { useGiveFeedback } from "./use-feedback.ts";

export function FeedbackControl(props: {
  conversationId: string;
  turnId: string;
  feedback: Feedback | undefined;
}) {
  const { conversationId, turnId, feedback } = props;
  const give = useGiveFeedback(conversationId);
  const [commenting, setCommenting] = useState(false);
  const [comment, setComment] = useState(feedback?.comment ?? "");
  const rate = (rating: FeedbackRating) => {
    const again = feedback?.rating === rating;
    give.mutate({
      turnId,
      rating: again ? null : rating,
      ...(again ? {} : { comment: feedback?.comment ?? "" }),
    });
    setCommenting(!again);
    setComment(again ? "" : (feedback?.comment ?? ""));
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!feedback) return;
    give.mutate({ turnId, rating: feedback.rating, comment }, { onSuccess: () => setCommenting(false) });
  };
  return (
    <fieldset className="feedback">
      <legend className="sr-only">Rate this answer</legend>
      <button
        type="button"
        className="button small ghost"
        aria-pressed={feedback?.rating === "up"}
        aria-label="Helpful"
        title="Helpful"
        onClick={() => rate("up")}
      >
        <ThumbUpIcon />
      </button>
      <button
        type="button"
        className="button small ghost"
        aria-pressed={feedback?.rating === "down"}
        aria-label="Not helpful"
        title="Not helpful"
        onClick={() => rate("down")}
      >
        <ThumbDownIcon />
      </button>
      {feedback?.comment && !commenting ? (
        <span className="muted feedback-comment">“{feedback.comment}”</span>
      ) : null}
      {feedback && !commenting ? (
        <button
          type="button"
          className="button small ghost"
          onClick={() => {
            setComment(feedback.comment ?? "");
            setCommenting(true);
          }}
        >
          {feedback.comment ? "Edit comment" : "Add a comment"}
        </button>
      ) : null}
      {feedback && commenting ? (
        <form className="row feedback-form" onSubmit={save}>
          <label className="sr-only" htmlFor={`feedback-${turnId}`}>
            Comment on this answer (optional)
          </label>
          <input
            id={`feedback-${turnId}`}
            value={comment}
            maxLength={MAX_FEEDBACK_COMMENT_CHARS}
            placeholder={
              feedback.rating === "up" ? "What was good? (optional)" : "What was wrong? (optional)"
            }
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="submit" className="button small primary" disabled={give.isPending}>
            Save
          </button>
          <button type="button" className="button small ghost" onClick={() => setCommenting(false)}>
            Close
          </button>
        </form>
      ) : null}
      {give.isError ? (
        <span className="form-error" role="alert">
          {describeApiError(give.error)}
        </span>
      ) : null}
    </fieldset>
  );
}

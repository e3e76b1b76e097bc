/** The feedback given on an answer, read-only: in the trace pane and the admin's view. */
import type { Feedback } from "../api/types.ts";
import { ThumbDownIcon, ThumbUpIcon } from "../ui/icons.tsx";

export function FeedbackSummary({ feedback }: { feedback: Feedback }) {
  return (
    <div className="feedback-summary" data-rating={feedback.rating}>
      <span className="trace-kind">feedback</span>{" "}
      <span className="with-icon">
        {feedback.rating === "up" ? <ThumbUpIcon /> : <ThumbDownIcon />}
        {feedback.rating === "up" ? "Helpful" : "Not helpful"}
      </span>
      {feedback.comment ? <p className="trace-detail">“{feedback.comment}”</p> : null}
      <span className="muted"> · {new Date(feedback.at).toLocaleString()}</span>
    </div>
  );
}

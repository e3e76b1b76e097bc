/**
 * Feedback on an answer, as the broker stores it and the browser offers it: a thumb up or down and an
 * optional comment of at most MAX_FEEDBACK_COMMENT_CHARS characters.
 */
export const FEEDBACK_RATINGS = ["up", "down"] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];
export const MAX_FEEDBACK_COMMENT_CHARS = 2000;

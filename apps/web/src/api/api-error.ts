/**
 * One typed error for every way a broker call can fail, mapped once from the HTTP outcome, so screens can
 * say what happened and what to do (sign in again, wait, check the network).
 */
export type ApiErrorKind =
  | "offline"
  | "unreachable"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "invalid"
  | "server";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
    /** What is wrong with which field of the request, when the broker said (`error.fields`). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 400 && status < 500) return "invalid";
  return "server";
}

/** Words for people, per kind, when the broker gave no better message. */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Reload the page and try again.";
  // The broker says which agent and why (disabled, for administrators only): its words are the best ones.
  if (error.code === "agent_unavailable" && error.message) return error.message;
  switch (error.kind) {
    case "offline":
      return "You are offline. Check your network; the app reconnects when it is back.";
    case "unreachable":
      return "The server cannot be reached right now. Try again in a moment.";
    case "unauthorized":
      return "Your session has expired. Sign in again.";
    case "forbidden":
      return "You are not allowed to do that.";
    case "not_found":
      return "That no longer exists.";
    case "rate_limited":
      return "Too many requests. Wait a moment and try again.";
    default:
      return error.message || "The server had a problem. Try again.";
  }
}

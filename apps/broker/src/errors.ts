/**
 * The broker's one error type. Every failure the API reports is an ApiError with a stable code; app.onError
 * maps it (and anything unexpected, as a 500 without details) to `{ error: { code, message } }`.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";

export type ApiErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "invalid_credentials"
  | "forbidden"
  | "csrf"
  | "not_found"
  | "conflict"
  | "weak_password"
  | "payload_too_large"
  | "attachment_rejected"
  | "share_unavailable"
  | "rate_limited"
  | "oidc_disabled"
  | "oidc_failed"
  | "signing_failed"
  | "agent_unavailable"
  | "registry_pinned"
  | "internal";

/** Per-field problems of a request body, in words for the form that sent it (`{ runtimeArn: "..." }`). */
export type FieldErrors = Readonly<Record<string, string>>;

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    /** Seconds, sent as Retry-After on 429s. */
    readonly retryAfter?: number,
    /** What is wrong with which field of the request body, when the failure is about its fields. */
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}

export const notFound = (what = "conversation") => new ApiError(404, "not_found", `no such ${what}`);

export function errorBody(code: ApiErrorCode, message: string, fields?: FieldErrors) {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/** The one place errors become HTTP responses. */
export function handleError(err: Error, c: Context, log: Logger): Response {
  if (err instanceof ApiError) {
    if (err.retryAfter !== undefined) c.header("Retry-After", String(Math.max(1, Math.ceil(err.retryAfter))));
    return c.json(errorBody(err.code, err.message, err.fields), err.status);
  }
  log.error(
    { err: { name: err.name, message: err.message, stack: err.stack }, path: c.req.path },
    "unhandled error",
  );
  return c.json(errorBody("internal", "something went wrong on our side"), 500);
}

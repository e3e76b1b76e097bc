/**
 * The one place the browser talks HTTP to the broker: same-origin cookies, JSON, and every failure turned
 * into an `ApiError`. Used as the `fetch` of the typed Hono client.
 */
import { ApiError, kindOfStatus } from "./api-error.ts";

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: unknown };
}

/** The broker's per-field problems, kept only when they are what they claim to be (strings by field name). */
function fieldsOf(body: ErrorBody): Record<string, string> {
  const fields = body.error?.fields;
  if (typeof fields !== "object" || fields === null) return {};
  return Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** `fetch` that throws `ApiError` for network failures and non-2xx answers. */
export async function brokerFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, { credentials: "same-origin", ...init });
  } catch (cause) {
    const offline = typeof navigator !== "undefined" && navigator.onLine === false;
    throw new ApiError(
      offline ? "offline" : "unreachable",
      cause instanceof Error ? cause.message : "network error",
    );
  }
  if (response.ok) return response;
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  const kind =
    response.status === 502 || response.status === 504 ? "unreachable" : kindOfStatus(response.status);
  throw new ApiError(
    kind,
    body.error?.message ?? response.statusText,
    response.status,
    body.error?.code ?? null,
    fieldsOf(body),
  );
}

/** Reads a JSON answer (204 gives undefined). */
export async function readJson<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * The API's request-body size limit, decided from the headers whenever HTTP/1.1 framing allows it.
 *
 * hono/body-limit reads `c.req.raw.body` first, which makes @hono/node-server build a full web Request and a
 * stream for every request, bodiless ones included (a POST that mints a URL has no body). Here a request
 * without Transfer-Encoding has exactly Content-Length bytes of body (none without it: RFC 9112 §6.3, and
 * Node's parser enforces that framing), so the header is the answer; only a chunked body is counted as it
 * streams, by hono/body-limit. GET and HEAD bodies are never read, as with hono/body-limit.
 */
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { ApiError } from "../errors.ts";

export function apiBodyLimit(maxSize: number, tooLarge: (c: Context<AppEnv>) => never) {
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD") return next();
    if (c.req.header("transfer-encoding") !== undefined) return counted(c, next);
    const length = c.req.header("content-length");
    if (length !== undefined && Number(length) > maxSize) tooLarge(c);
    return next();
  });
}

/** The answer to a body over `maxSize`: 413, and the connection closed (the rest of the body is not read). */
export function payloadTooLarge(maxSize: number) {
  return (c: Context<AppEnv>): never => {
    c.header("Connection", "close");
    throw new ApiError(413, "payload_too_large", `request bodies may be at most ${maxSize} bytes`);
  };
}

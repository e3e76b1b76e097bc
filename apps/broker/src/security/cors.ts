/**
 * CORS only for the origins in INTERJECT_ALLOWED_ORIGINS (and the broker's public origin), with credentials.
 *
 * Written here rather than with hono/cors because that middleware sets headers on `c.res` before the route
 * runs: Hono then copies the route's response into a new one, which turns every API answer into a streamed
 * Response (the bulk of a request's cost on the minting path). This one answers preflights itself and adds
 * its headers to the finished response, which keeps @hono/node-server on its fast path.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";

const ALLOW_METHODS = "GET,POST,PATCH,DELETE";
const ALLOW_HEADERS = "Content-Type";
const MAX_AGE_S = "600";

export function corsAllowList(allowed: ReadonlySet<string>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header("origin");
    const allowOrigin = origin !== undefined && allowed.has(origin) ? origin : undefined;
    if (c.req.method === "OPTIONS") {
      const headers: Record<string, string> = { Vary: "Origin" };
      if (allowOrigin) {
        headers["Access-Control-Allow-Origin"] = allowOrigin;
        headers["Access-Control-Allow-Credentials"] = "true";
        headers["Access-Control-Allow-Methods"] = ALLOW_METHODS;
        headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS;
        headers["Access-Control-Max-Age"] = MAX_AGE_S;
      }
      return c.body(null, 204, headers);
    }
    await next();
    const headers = c.res.headers;
    if (allowOrigin) {
      headers.set("Access-Control-Allow-Origin", allowOrigin);
      headers.set("Access-Control-Allow-Credentials", "true");
    }
    // The answer depends on Origin whether or not it was allowed, so no shared cache may reuse it.
    headers.append("Vary", "Origin");
    return;
  });
}

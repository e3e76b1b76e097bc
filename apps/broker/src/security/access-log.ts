/**
 * One log line per request: method, path (never the query string, which may hold a presigned URL's
 * signature or a cursor), status and duration. No headers, so no cookies or tokens.
 */
import { createMiddleware } from "hono/factory";
import type { Logger } from "pino";
import type { AppEnv } from "../context.ts";

export function accessLog(log: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const start = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      },
      "request",
    );
  });
}

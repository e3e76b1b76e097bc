/**
 * CSRF defence for the cookie-authenticated API: a state-changing request (anything but GET, HEAD, OPTIONS)
 * must carry `Sec-Fetch-Site: same-origin` or an Origin that is the broker's own or on the allow-list.
 * Requests with neither are refused too: browsers always send one of them, so nothing legitimate is lost.
 */
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";
import { ApiError } from "../errors.ts";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

export function csrfGuard(allowed: ReadonlySet<string>, publicOrigin: string | undefined) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!SAFE.has(c.req.method)) {
      const site = c.req.header("sec-fetch-site");
      const origin = c.req.header("origin");
      // Cheapest checks first: parsing the request URL for the broker's own origin is the last resort.
      const ok =
        site === "same-origin" ||
        (origin !== undefined &&
          (allowed.has(origin) || origin === (publicOrigin ?? new URL(c.req.url).origin)));
      if (!ok)
        throw new ApiError(
          403,
          "csrf",
          "cross-site request refused: send it from the application's own origin",
        );
    }
    await next();
  });
}

/**
 * The agent's side door (`/internal/v1/*`): bearer BROKER_INGEST_TOKEN, compared in constant time. Without a
 * configured token every request is refused.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Services } from "../context.ts";
import { ApiError } from "../errors.ts";

const digest = (text: string) => createHash("sha256").update(text).digest();

export function requireIngestToken(s: Services) {
  const expected = s.env.BROKER_INGEST_TOKEN ? digest(s.env.BROKER_INGEST_TOKEN) : undefined;
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const given = header.startsWith("Bearer ") ? header.slice(7) : "";
    // Hashing first gives both sides the same length, so timingSafeEqual never leaks the token's length.
    if (!expected || !given || !timingSafeEqual(digest(given), expected)) {
      throw new ApiError(401, "unauthenticated", "a valid ingest token is required");
    }
    await next();
  });
}

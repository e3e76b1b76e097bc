/** Route guards: a signed-in user (401 otherwise) and an admin (403 for everyone else). */
import { createMiddleware } from "hono/factory";
import type { AppEnv, Services } from "../context.ts";
import { ApiError } from "../errors.ts";
import { readSessionCookie } from "./cookie.ts";
import { lookupSession } from "./sessions.ts";

export function requireUser(s: Services) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = readSessionCookie(c, s.cookie);
    const user = token ? await lookupSession(s.db, token, s.sessionPolicy) : undefined;
    if (!user) throw new ApiError(401, "unauthenticated", "sign in first");
    c.set("user", user);
    await next();
  });
}

export function requireAdmin(s: Services) {
  const user = requireUser(s);
  return createMiddleware<AppEnv>(async (c, next) => {
    await user(c, async () => {
      if (c.var.user.role !== "admin") throw new ApiError(403, "forbidden", "administrators only");
      await next();
    });
  });
}

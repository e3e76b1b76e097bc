/** CORS only for the origins in INTERJECT_ALLOWED_ORIGINS (same-origin use needs none), with credentials. */
import { cors } from "hono/cors";

export function corsAllowList(allowed: ReadonlySet<string>) {
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "POST", "PATCH", "DELETE"],
    allowHeaders: ["Content-Type"],
    maxAge: 600,
  });
}

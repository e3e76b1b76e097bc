/** The caller's address for throttling and the audit log: the socket's, or X-Forwarded-For's first hop when told to trust a proxy. */
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";

export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const first = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (first) return first;
  }
  return c.env?.incoming?.socket.remoteAddress ?? "unknown";
}

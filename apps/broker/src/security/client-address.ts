/**
 * The caller's address for throttling and the audit log: the socket's, or, when told to trust one proxy,
 * the last X-Forwarded-For entry (the one that proxy appended; earlier entries are the client's to forge).
 */
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";

export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header("x-forwarded-for")?.split(",").pop()?.trim();
    if (last) return last;
  }
  return c.env?.incoming?.socket.remoteAddress ?? "unknown";
}

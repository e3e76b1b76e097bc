/**
 * An agent's structured logger (pino, JSON lines). Redacts credentials wherever they might appear; callers
 * log URL paths only, never query strings (presigned URLs carry signatures there).
 */
import { type Logger, pino } from "pino";

export type { Logger };

export function createLogger(level: string, app = "agent"): Logger {
  return pino({
    level,
    base: { app },
    redact: {
      paths: [
        "token",
        "authorization",
        "headers.authorization",
        "*.token",
        "*.authorization",
        "apiKey",
        "*.apiKey",
      ],
      censor: "[redacted]",
    },
  });
}

/** The path of a request target without its query string, for logs. */
export function pathOnly(url: string | undefined): string {
  if (!url) return "";
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

/**
 * The broker's structured logger (pino, JSON lines). Redaction is a second line of defence: code must not
 * log secrets in the first place (paths only, never query strings; token hashes, never tokens).
 */
import { type DestinationStream, type Logger, pino } from "pino";

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: "broker" },
      redact: {
        paths: [
          "password",
          "*.password",
          "newPassword",
          "currentPassword",
          "token",
          "*.token",
          "cookie",
          "*.cookie",
          "url",
          "*.url",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

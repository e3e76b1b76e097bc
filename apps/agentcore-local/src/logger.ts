/** The app's structured logger. Callers log paths and ids only: never keys, signatures, tokens or queries. */
import { pino } from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: "agentcore-local" },
    // Belt and braces: if a header object is ever logged, these never reach the output.
    redact: ["req.headers.authorization", "headers.authorization", "*.secretAccessKey", "*.sessionToken"],
  });
}

/**
 * The logger this package writes to: the pino-compatible subset (object first, then message), so the agent
 * passes its own pino logger. Nothing here logs secrets: every text that may quote a server's output or an
 * error goes through the server's redactor first.
 */
export interface McpLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const ignore = () => {};

/** The default when the caller passes none: drops everything. */
export const silentLogger: McpLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/**
 * How a connection's errors are put into words (HTTP status first for the Streamable HTTP transport's
 * errors), and which of them mean the connection itself is broken (the server is then reconnected).
 */
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";

export function describeError(err: unknown): string {
  if (err instanceof StreamableHTTPError && err.code !== undefined && err.code > 0) {
    return `HTTP ${err.code}: ${err.message.replace(/^Streamable HTTP error: /, "")}`;
  }
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
    return `${err.message}${cause}`;
  }
  return String(err);
}

/** A failure of the connection rather than of one request: the server is reconnected. */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof McpError) return err.code === ErrorCode.ConnectionClosed;
  // A malformed result (the SDK's schema check) is the tool's answer being wrong, not the connection.
  return !(err instanceof Error && err.name === "ZodError");
}

/**
 * What the manager reports about each server (to the admin console, logs, the agent's health). The states are
 * the protocol's `McpServerState` (the agent reports them to the broker): `connecting` (starting the server,
 * the MCP handshake, listing its tools), `connected` (its tools are offered), `down` (failed to start or
 * dropped; its tools are withheld until a retry at `nextRetryAt` succeeds), `disabled` (never started).
 */
import { McpServerState } from "@interject/protocol";

export const SERVER_STATES = McpServerState.options;
export type ServerState = McpServerState;

export interface McpServerStatus {
  server: string;
  transport: "stdio" | "http";
  state: ServerState;
  /** When it entered this state. */
  since: Date;
  /** Tools offered to the model (0 unless connected). */
  toolCount: number;
  /** Failed attempts since it was last connected. */
  failures: number;
  /** Why it is down (secrets redacted). Kept while it reconnects. */
  lastError?: string;
  /** When it is tried again (down only). */
  nextRetryAt?: Date;
  /** The server's name and version from the MCP handshake (connected only). */
  serverInfo?: { name: string; version: string };
}

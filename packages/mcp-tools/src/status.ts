/** What the manager reports about each server (to the admin console, logs, the agent's health). */

export const SERVER_STATES = [
  /** Starting the server / the MCP handshake / listing its tools. */
  "connecting",
  /** Its tools are offered. */
  "connected",
  /** Failed to start or dropped; its tools are withheld until a retry at `nextRetryAt` succeeds. */
  "down",
  /** `"disabled": true` in the config: never started. */
  "disabled",
] as const;
export type ServerState = (typeof SERVER_STATES)[number];

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

/** Builds a parsed config from a literal `mcpServers` object, as a file would hold it. */
import type { EnvSource } from "../config/env-reference.ts";
import { parseMcpConfig } from "../config/load-config.ts";
import type { McpConfig } from "../config/server-config.ts";

export function configOf(mcpServers: Record<string, unknown>, env: EnvSource = {}): McpConfig {
  return parseMcpConfig(JSON.stringify({ mcpServers }), { env, source: "test config" });
}

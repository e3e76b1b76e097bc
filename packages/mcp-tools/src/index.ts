/** Public API of @interject/mcp-tools (see README.md). */
export { needsApproval } from "./approval.ts";
export type { AwsSettings } from "./auth/aws-settings.ts";
export type { EnvSource } from "./config/env-reference.ts";
export { type LoadOptions, loadMcpConfigFile, parseMcpConfig } from "./config/load-config.ts";
export {
  type ApprovalPolicy,
  DEFAULT_TIMEOUTS,
  type HttpAuth,
  type McpConfig,
  type ServerConfig,
  type Timeouts,
} from "./config/server-config.ts";
export { DEFAULT_RETRY, type RetryPolicy, retryDelay } from "./connection/backoff.ts";
export { McpAuthError, McpConfigError } from "./errors.ts";
export { type McpLogger, silentLogger } from "./logger.ts";
export {
  DEFAULT_HEALTH_CHECK_MS,
  type McpManagerEvent,
  type McpManagerListener,
  McpToolManager,
  type McpToolManagerOptions,
} from "./manager.ts";
export {
  cutForTrace,
  DEFAULT_TRACE_IMAGE_BYTES,
  DEFAULT_TRACE_TEXT_CHARS,
  resultForTrace,
  type TraceCutOptions,
} from "./result/trace-text.ts";
export { type McpServerStatus, SERVER_STATES, type ServerState } from "./status.ts";
export type {
  JsonSchemaObject,
  McpCallOptions,
  McpCallOutcome,
  McpProgress,
  McpResultPart,
  McpTool,
  McpToolAnnotations,
  McpToolResult,
} from "./tool.ts";
export { MCP_CALL_OUTCOMES } from "./tool.ts";
export { exposedToolNames, MAX_TOOL_NAME_LENGTH, TOOL_NAME_PATTERN } from "./tool-names.ts";

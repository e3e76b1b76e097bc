/**
 * @interject/agent-kit: build an AgentCore agent that speaks Interject's full protocol. `serve()` (or
 * `createAgentApp()` in tests) gives you the container contract (/ws, /ping with HealthyBusy while turns run,
 * /invocations), the session core (event log, replay, chunk pacing, interruption, approvals, reports to the
 * broker, history restore) and the agent loop; you bring a model (or use the offline, Bedrock or
 * OpenAI-compatible one) and tools. See ../README.md for the API and every setting.
 */

export { describeFailure, historyMessages, ToolFailure } from "./agent/agent-loop.ts";
export { type AgentApp, type AgentAppOptions, createAgentApp, DEFAULT_SYSTEM_PROMPT } from "./app.ts";
export { createLogger, type Logger } from "./logger.ts";
export { mcpConfigFromSettings } from "./mcp/mcp-config.ts";
export { McpStatusReporter, type McpStatusReporterOptions } from "./mcp/mcp-status-reporter.ts";
export { adaptMcpTool, approvalSummary, toolOutput } from "./mcp/mcp-tool-adapter.ts";
export { McpToolSet, type McpToolSetOptions } from "./mcp/mcp-tool-set.ts";
export { BedrockProvider, type BedrockProviderOptions } from "./models/bedrock-provider.ts";
export { createProvider } from "./models/create-provider.ts";
export type { OfflineHint } from "./models/offline/hint.ts";
export { type Intent, readIntent } from "./models/offline/intent.ts";
export { OfflineProvider, type OfflineProviderOptions } from "./models/offline/offline-provider.ts";
export { type Plan, planTools, readToolCommand } from "./models/offline/planner.ts";
export { firstBlocks, firstSentences } from "./models/offline/writer.ts";
export { OpenAiProvider, type OpenAiProviderOptions } from "./models/openai-provider.ts";
export {
  type ChatMessage,
  isAbortError,
  ModelError,
  type ModelEvent,
  type ModelProvider,
  type ModelRequest,
  type StopReason,
  type ToolCall,
  type ToolResult,
  type ToolSpec,
} from "./models/provider.ts";
export { type ServeOptions, serve } from "./serve.ts";
export type {
  ActiveModelCall,
  ActiveToolCall,
  ApprovalDecision,
  TurnFailure,
  TurnIO,
  TurnRunner,
} from "./session/turn-io.ts";
export { type KitSettings, kitSettingsShape, readKitSettings, refineKitSettings } from "./settings.ts";
export {
  CalculatorError,
  calculatorTool,
  evaluate,
  findExpression,
  formatNumber,
} from "./tools/calculator.ts";
export { clockTool } from "./tools/clock.ts";
export {
  defineTool,
  type JsonSchemaTool,
  type PreparedCall,
  prepareCall,
  type SchemaTool,
  type Tool,
  type ToolContext,
  type ToolOutput,
  ToolRegistry,
  type ToolSessionState,
  type ToolSource,
} from "./tools/tool.ts";

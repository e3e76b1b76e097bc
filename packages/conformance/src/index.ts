/** @interject/conformance: run Interject's protocol conformance suite from code (the CLI is src/cli.ts). */
export type { ConnectionRequest } from "./agent-connection.ts";
export { DEFAULT_SUITE_OPTIONS, type SuiteOptions } from "./check.ts";
export { CHECKS } from "./checks/index.ts";
export { formatCheck, formatJson, formatSummary } from "./report.ts";
export {
  type CheckResult,
  type CheckStatus,
  type ConformanceReport,
  type LevelReached,
  type RunOptions,
  runCheck,
  runConformance,
} from "./run-suite.ts";
export { type RuntimeTargetOptions, runtimeTarget } from "./runtime-target.ts";
export { type AgentTarget, urlTarget } from "./target.ts";

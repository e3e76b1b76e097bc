/**
 * How a run is shown. Text: one line per check as it finishes (status, id, reason), a count, and the level
 * reached on the last line (`level: full`, `level: basic` or `level: none`). JSON: the whole report as one
 * document, for machines.
 */
import type { CheckResult, ConformanceReport } from "./run-suite.ts";

const LABEL = { pass: "PASS", fail: "FAIL", warn: "WARN", skip: "SKIP" } as const;
const ID_WIDTH = 22;

export function formatCheck(result: CheckResult): string {
  const advisory = result.status === "warn" && !result.required ? " (advisory at this level)" : "";
  return `${LABEL[result.status]}  ${result.id.padEnd(ID_WIDTH)} ${result.reason}${advisory}`;
}

export function formatSummary(report: ConformanceReport): string {
  const count = (status: CheckResult["status"]) => report.checks.filter((c) => c.status === status).length;
  return [
    `${report.checks.length} checks: ${count("pass")} passed, ${count("fail")} failed, ${count("warn")} warned, ${count("skip")} skipped`,
    `level: ${report.level}`,
  ].join("\n");
}

export function formatJson(report: ConformanceReport): string {
  return JSON.stringify(report, null, 2);
}

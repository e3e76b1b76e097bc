/**
 * Runs the suite against one target: detects the level, runs every check at that level, and decides the level
 * reached. A check that throws fails with the error as its reason (a timeout, a closed socket, a frame
 * outside the level). The level reached is the detected level when no required check failed, else `none`: an
 * agent that speaks the full wire but fails a full check cannot be used as a basic one either (a basic client
 * refuses frames with `seq`).
 */
import type { ProtocolLevel } from "@interject/protocol";
import { type Check, CheckContext, isRule, type Outcome, type SuiteOptions } from "./check.ts";
import { CHECKS } from "./checks/index.ts";
import { detectLevel, LEVEL_DETECT_ID, LEVEL_DETECT_TITLE } from "./checks/level-detect.ts";
import { FrameLog } from "./frame-log.ts";
import type { AgentTarget } from "./target.ts";

export type LevelReached = ProtocolLevel | "none";
export type CheckStatus = "pass" | "fail" | "warn" | "skip";

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  /** Whether a failure keeps the agent from the level (false for advisory and skipped checks). */
  required: boolean;
  /** What was seen (pass), what went wrong (fail, warn), or why it did not run (skip). */
  reason: string;
  durationMs: number;
}

export interface ConformanceReport {
  target: string;
  /** The level the first frames showed, or null when they showed none. */
  detected: ProtocolLevel | null;
  level: LevelReached;
  checks: CheckResult[];
}

export interface RunOptions extends SuiteOptions {
  /** Called as each check finishes, so a CLI can print as it goes. */
  onResult?: (result: CheckResult) => void;
}

function toResult(
  id: string,
  title: string,
  required: boolean,
  outcome: Outcome,
  startedAt: number,
): CheckResult {
  const durationMs = Date.now() - startedAt;
  switch (outcome.kind) {
    case "pass":
      return outcome.warning === undefined
        ? { id, title, status: "pass", required, reason: outcome.detail, durationMs }
        : {
            id,
            title,
            status: "warn",
            required,
            reason: `${outcome.detail}; ${outcome.warning}`,
            durationMs,
          };
    case "fail":
      return { id, title, status: required ? "fail" : "warn", required, reason: outcome.reason, durationMs };
    case "skip":
      return { id, title, status: "skip", required: false, reason: outcome.reason, durationMs };
  }
}

function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs one check at a known level (what the suite does for each check after detection). */
export async function runCheck(
  check: Check,
  level: ProtocolLevel,
  target: AgentTarget,
  options: SuiteOptions,
  log: FrameLog = new FrameLog(),
): Promise<CheckResult> {
  const rule = check[level];
  const startedAt = Date.now();
  if (!isRule(rule))
    return toResult(check.id, check.title, false, { kind: "skip", reason: rule.notApplicable }, startedAt);
  const context = new CheckContext(check.id, target, options, log);
  let outcome: Outcome;
  try {
    outcome = await rule.run(context);
  } catch (error) {
    outcome = { kind: "fail", reason: errorReason(error) };
  } finally {
    context.dispose();
  }
  return toResult(check.id, check.title, rule.required, outcome, startedAt);
}

export async function runConformance(target: AgentTarget, options: RunOptions): Promise<ConformanceReport> {
  const log = new FrameLog();
  const checks: CheckResult[] = [];
  const record = (result: CheckResult) => {
    checks.push(result);
    options.onResult?.(result);
  };

  const startedAt = Date.now();
  const context = new CheckContext(LEVEL_DETECT_ID, target, options, log);
  let detected: ProtocolLevel | null = null;
  let outcome: Outcome;
  try {
    const detection = await detectLevel(context);
    detected = detection.level;
    outcome = detection.outcome;
  } catch (error) {
    outcome = { kind: "fail", reason: errorReason(error) };
  } finally {
    context.dispose();
  }
  record(toResult(LEVEL_DETECT_ID, LEVEL_DETECT_TITLE, true, outcome, startedAt));

  for (const check of CHECKS) {
    if (detected === null) {
      record(
        toResult(check.id, check.title, false, { kind: "skip", reason: "the level is unknown" }, Date.now()),
      );
      continue;
    }
    record(await runCheck(check, detected, target, options, log));
  }

  const failed = checks.some((check) => check.status === "fail");
  return {
    target: target.description,
    detected,
    level: detected !== null && !failed ? detected : "none",
    checks,
  };
}

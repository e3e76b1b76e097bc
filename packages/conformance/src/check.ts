/**
 * What a check is: an id, a title, and for each protocol level either a rule (required or advisory, and how
 * to run it) or the reason it does not apply. A required check that fails keeps the agent from that level;
 * an advisory one is reported as a warning. The context gives a check fresh connections (closed for it when it
 * ends) and the run's frame log.
 */
import { randomUUID } from "node:crypto";
import { AgentConnection } from "./agent-connection.ts";
import type { FrameLog } from "./frame-log.ts";
import type { AgentTarget } from "./target.ts";

export interface SuiteOptions {
  /** A prompt with a short answer. */
  prompt: string;
  /** A prompt with a long answer, to interrupt mid-way. */
  longPrompt: string;
  /** How long an answer (or its first chunk) may take. */
  answerTimeoutMs: number;
  /** How long an immediate reply (hello, error, pong, close) may take. */
  replyTimeoutMs: number;
}

export const DEFAULT_SUITE_OPTIONS: SuiteOptions = {
  prompt: "Hello!",
  longPrompt: "Explain in detail how WebSockets work, step by step.",
  answerTimeoutMs: 60_000,
  replyTimeoutMs: 5_000,
};

export type Outcome =
  | { kind: "pass"; detail: string; warning?: string }
  | { kind: "fail"; reason: string }
  | { kind: "skip"; reason: string };

export const pass = (detail: string, warning?: string): Outcome =>
  warning === undefined ? { kind: "pass", detail } : { kind: "pass", detail, warning };
export const fail = (reason: string): Outcome => ({ kind: "fail", reason });
export const skip = (reason: string): Outcome => ({ kind: "skip", reason });

export interface LevelRule {
  /** Required: a failure keeps the agent from the level. Advisory: a failure is a warning. */
  required: boolean;
  run(context: CheckContext): Promise<Outcome>;
}

export interface NotApplicable {
  notApplicable: string;
}

export interface Check {
  /** Stable, kebab-case: what reports and `--json` consumers key on. */
  id: string;
  title: string;
  full: LevelRule | NotApplicable;
  basic: LevelRule | NotApplicable;
}

export function isRule(rule: LevelRule | NotApplicable): rule is LevelRule {
  return "run" in rule;
}

export class CheckContext {
  private readonly open: AgentConnection[] = [];

  constructor(
    readonly check: string,
    readonly target: AgentTarget,
    readonly options: SuiteOptions,
    readonly log: FrameLog,
  ) {}

  /** A session id no other check uses (AgentCore wants 33 to 256 characters). */
  newSessionId(): string {
    return `conformance-${randomUUID()}`;
  }

  /** Opens a connection to `sessionId` (a fresh session by default). */
  async connect(sessionId: string = this.newSessionId()): Promise<AgentConnection> {
    const request = await this.target.connection(sessionId);
    const connection = await AgentConnection.open(request, {
      log: this.log,
      check: this.check,
      // A runtime may start a microVM for a new session before it answers the handshake.
      timeoutMs: this.options.answerTimeoutMs,
    });
    this.open.push(connection);
    return connection;
  }

  /** Closes every connection the check opened. */
  dispose(): void {
    for (const connection of this.open) connection.close();
  }
}

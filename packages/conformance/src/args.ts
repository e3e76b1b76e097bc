/**
 * The command line: what to connect to (a ws:// URL, `--arn` for an AgentCore runtime, or `--agent` for an
 * agent registered in a broker), how to report, and
 * the suite's prompts and timeouts. Bad arguments are a UsageError naming the argument.
 */
import { parseArgs } from "node:util";
import { ProtocolLevel } from "@interject/protocol";
import { DEFAULT_SUITE_OPTIONS, type SuiteOptions } from "./check.ts";
import { UsageError } from "./errors.ts";

export const USAGE = `Usage:
  pnpm conformance <ws-url> [options]
  pnpm conformance --arn <runtime ARN> [--endpoint <url|aws>] [--region <region>] [--qualifier <name>] [options]
  pnpm conformance --agent <registered name> [--endpoint <url|aws>] [options]

Drives an agent through Interject's protocol behaviours, prints every check, and ends with the level reached
(full, basic or none). Exit code 0 when the level is at least --require, 1 when not, 2 for bad arguments.

Target:
  <ws-url>              ws:// or wss:// URL of the agent, e.g. ws://127.0.0.1:8080/ws
  --arn <ARN>           an AgentCore runtime: each connection gets a presigned URL for its own session
  --endpoint <url|aws>  the runtime's data plane: "aws" (default) or a base URL such as http://127.0.0.1:8790
  --region <region>     defaults to the ARN's region
  --qualifier <name>    the runtime endpoint (e.g. DEFAULT)
  --agent <name>        an agent registered in the broker at INTERJECT_BROKER_URL: its runtime ARN, qualifier,
                        Region and the broker's endpoint come from the registry (asked as the administrator of
                        INTERJECT_ADMIN_EMAIL / INTERJECT_ADMIN_PASSWORD); --endpoint replaces the endpoint

Options:
  --json                print the report as one JSON document instead of lines
  --require <level>     the level that counts as success: basic (default) or full
  --prompt <text>       a prompt with a short answer (default: ${JSON.stringify(DEFAULT_SUITE_OPTIONS.prompt)})
  --long-prompt <text>  a prompt with a long answer, to interrupt (default: ${JSON.stringify(DEFAULT_SUITE_OPTIONS.longPrompt)})
  --timeout <ms>        how long an answer may take (default ${DEFAULT_SUITE_OPTIONS.answerTimeoutMs})
  --reply-timeout <ms>  how long an immediate reply may take (default ${DEFAULT_SUITE_OPTIONS.replyTimeoutMs})
  -h, --help            this text`;

export type TargetSpec =
  | { kind: "url"; url: string }
  | { kind: "runtime"; runtimeArn: string; endpoint: string; region?: string; qualifier?: string }
  | { kind: "agent"; name: string; endpoint?: string };

export interface CliOptions {
  help: boolean;
  target: TargetSpec | null;
  json: boolean;
  require: ProtocolLevel;
  suite: SuiteOptions;
}

function milliseconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 1 || ms > 3_600_000) {
    throw new UsageError(`--${name} must be a whole number of milliseconds from 1 to 3600000 (got ${value})`);
  }
  return ms;
}

function text(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (value.trim() === "") throw new UsageError(`--${name} must not be empty`);
  return value;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const suite: SuiteOptions = {
    prompt: text("prompt", values.prompt, DEFAULT_SUITE_OPTIONS.prompt),
    longPrompt: text("long-prompt", values["long-prompt"], DEFAULT_SUITE_OPTIONS.longPrompt),
    answerTimeoutMs: milliseconds("timeout", values.timeout, DEFAULT_SUITE_OPTIONS.answerTimeoutMs),
    replyTimeoutMs: milliseconds(
      "reply-timeout",
      values["reply-timeout"],
      DEFAULT_SUITE_OPTIONS.replyTimeoutMs,
    ),
  };
  const required = ProtocolLevel.safeParse(values.require ?? "basic");
  if (!required.success) throw new UsageError(`--require must be basic or full (got ${values.require})`);
  const base = { help: values.help ?? false, json: values.json ?? false, require: required.data, suite };
  if (base.help) return { ...base, target: null };

  if (positionals.length > 1) throw new UsageError(`one URL only (got ${positionals.length})`);
  const url = positionals[0];
  const runtimeOnly = (["endpoint", "region", "qualifier"] as const).filter(
    (name) => values[name] !== undefined,
  );
  const given = [url !== undefined, values.arn !== undefined, values.agent !== undefined].filter(Boolean);
  if (given.length > 1) throw new UsageError("give one target: a URL, --arn or --agent");
  if (values.agent !== undefined) {
    const name = values.agent.trim();
    if (name === "") throw new UsageError("--agent must name a registered agent");
    const fromRegistry = (["region", "qualifier"] as const).find((option) => values[option] !== undefined);
    if (fromRegistry) throw new UsageError(`--${fromRegistry} comes from the registry with --agent`);
    return {
      ...base,
      target: {
        kind: "agent",
        name,
        ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
      },
    };
  }
  if (url !== undefined) {
    if (runtimeOnly.length > 0) throw new UsageError(`--${runtimeOnly[0]} goes with --arn, not with a URL`);
    return { ...base, target: { kind: "url", url } };
  }
  if (values.arn !== undefined) {
    return {
      ...base,
      target: {
        kind: "runtime",
        runtimeArn: values.arn,
        endpoint: values.endpoint ?? "aws",
        ...(values.region === undefined ? {} : { region: values.region }),
        ...(values.qualifier === undefined ? {} : { qualifier: values.qualifier }),
      },
    };
  }
  throw new UsageError(
    "give the agent's ws:// URL, --arn with its runtime ARN, or --agent with its registered name",
  );
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      arn: { type: "string" },
      agent: { type: "string" },
      endpoint: { type: "string" },
      region: { type: "string" },
      qualifier: { type: "string" },
      json: { type: "boolean" },
      require: { type: "string" },
      prompt: { type: "string" },
      "long-prompt": { type: "string" },
      timeout: { type: "string" },
      "reply-timeout": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

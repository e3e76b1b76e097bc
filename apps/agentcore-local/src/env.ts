/**
 * Every setting agentcore-local reads, in one place, validated at start-up with @interject/settings; a bad
 * value stops the process with a message naming the variable. Each setting and its default is documented in
 * ../README.md.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  IDLE_SESSION_TIMEOUT_SECONDS,
  LOCAL_RUNTIME,
  MAX_SESSION_LIFETIME_SECONDS,
  parseRuntimeArn,
} from "@interject/agentcore-sigv4";
import { readSettings, setting } from "@interject/settings";
import { z } from "zod";

const here = path.dirname(fileURLToPath(import.meta.url));

/** `node <tsx cli> <repo>/apps/agent/src/main.ts`, quoted for sh. */
function defaultAgentCommand(): string {
  const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
  let tsxCli = "tsx";
  try {
    tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  } catch {
    // bundled without tsx next to it: rely on PATH
  }
  const agentMain = path.resolve(here, "../../agent/src/main.ts");
  return `${quote(process.execPath)} ${quote(tsxCli)} ${quote(agentMain)}`;
}

const ARN_HINT = "arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>";

function isRuntimeArn(arn: string): boolean {
  try {
    parseRuntimeArn(arn);
    return true;
  } catch {
    return false;
  }
}

const RuntimeArn = z.string().refine(isRuntimeArn, { message: `must be a runtime ARN: ${ARN_HINT}` });

/** One more runtime the data plane serves, and the agent behind it. */
export interface ExtraRuntime {
  arn: string;
  agentUrl: string;
}

/**
 * AGENTCORE_RUNTIMES: more runtimes beside the default one, as comma-separated `<ARN>=<agent URL>` pairs
 * (an ARN has no "=" or ","), e.g. `arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/example-0000000000=http://127.0.0.1:8081`.
 */
const Runtimes = setting.list().transform((pairs, ctx): ExtraRuntime[] => {
  const runtimes: ExtraRuntime[] = [];
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    const arn = at < 0 ? pair : pair.slice(0, at).trim();
    const agentUrl = at < 0 ? "" : pair.slice(at + 1).trim();
    if (!isRuntimeArn(arn)) {
      ctx.addIssue({ code: "custom", message: `"${arn}" is not a runtime ARN (${ARN_HINT}=<agent URL>)` });
      continue;
    }
    if (!z.url({ protocol: /^https?$/ }).safeParse(agentUrl).success) {
      ctx.addIssue({
        code: "custom",
        message: `${arn} needs its agent's http(s) URL after "=" (got "${agentUrl}")`,
      });
      continue;
    }
    if (runtimes.some((r) => r.arn === arn))
      ctx.addIssue({ code: "custom", message: `${arn} is listed twice` });
    runtimes.push({ arn, agentUrl });
  }
  return runtimes;
});

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const shape = {
  PORT: setting.port(8790),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: setting.logLevel(),
  AGENT_URL: z.url().default("http://127.0.0.1:8080"),
  AGENTCORE_RUNTIME_ARN: RuntimeArn.default(LOCAL_RUNTIME.arn),
  AGENTCORE_RUNTIMES: Runtimes,
  INTERJECT_DATA_DIR: z.string().min(1).default(".interject"),
  AWS_ACCESS_KEY_ID: setting.text(),
  AWS_SECRET_ACCESS_KEY: setting.text(),
  AWS_SESSION_TOKEN: setting.text(),
  AGENTCORE_ALLOWED_ORIGINS: setting.list(
    "http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173",
  ),
  AGENTCORE_JWT_ISSUER: setting.text(),
  AGENTCORE_JWT_JWKS_URL: setting.text().pipe(z.url().optional()),
  AGENTCORE_JWT_AUDIENCE: setting.list(),
  AGENTCORE_JWT_ALLOWED_CLIENTS: setting.list(),
  // AgentCore's LifecycleConfiguration; the lower bound is 1 here (AWS: 60) so tests need not wait.
  AGENTCORE_IDLE_TIMEOUT_SECONDS: int(1, IDLE_SESSION_TIMEOUT_SECONDS.max).default(
    IDLE_SESSION_TIMEOUT_SECONDS.default,
  ),
  AGENTCORE_MAX_LIFETIME_SECONDS: int(1, MAX_SESSION_LIFETIME_SECONDS).default(MAX_SESSION_LIFETIME_SECONDS),
  AGENTCORE_PING_INTERVAL_SECONDS: int(1, 3600).default(5),
  AGENTCORE_ISOLATION: z.enum(["shared", "per-session"]).default("shared"),
  AGENTCORE_AGENT_COMMAND: z.string().min(1).default(defaultAgentCommand()),
  AGENTCORE_AGENT_START_TIMEOUT_SECONDS: int(1, 600).default(60),
  AGENTCORE_MAX_INVOCATION_BYTES: int(1, 100 * 1024 * 1024).default(100 * 1024 * 1024),
};

export type Env = z.infer<z.ZodObject<typeof shape>>;

function refine(env: Env, ctx: z.RefinementCtx): void {
  const problem = (variable: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [variable], message });
  if ((env.AWS_ACCESS_KEY_ID === undefined) !== (env.AWS_SECRET_ACCESS_KEY === undefined))
    problem("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  if ((env.AGENTCORE_JWT_ISSUER === undefined) !== (env.AGENTCORE_JWT_JWKS_URL === undefined))
    problem("AGENTCORE_JWT_JWKS_URL", "AGENTCORE_JWT_ISSUER and AGENTCORE_JWT_JWKS_URL must be set together");
  if (env.AGENTCORE_RUNTIMES.some((r) => r.arn === env.AGENTCORE_RUNTIME_ARN))
    problem(
      "AGENTCORE_RUNTIMES",
      `${env.AGENTCORE_RUNTIME_ARN} is already the default runtime (AGENTCORE_RUNTIME_ARN, served by AGENT_URL)`,
    );
}

/** The settings (process.env by default); throws a SettingsError naming every bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  return readSettings("agentcore-local", shape, source, { refine });
}

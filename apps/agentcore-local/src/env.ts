/**
 * Every setting agentcore-local reads, in one place, validated at start-up; a bad value stops the process
 * with a message naming the variable. Each setting and its default is documented in ../README.md.
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

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );

export const EnvSchema = z
  .object({
    PORT: int(0, 65535).default(8790),
    HOST: z.string().min(1).default("127.0.0.1"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    AGENT_URL: z.url().default("http://127.0.0.1:8080"),
    AGENTCORE_RUNTIME_ARN: z
      .string()
      .default(LOCAL_RUNTIME.arn)
      .refine(
        (arn) => {
          try {
            parseRuntimeArn(arn);
            return true;
          } catch {
            return false;
          }
        },
        { message: "must be a runtime ARN: arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>" },
      ),
    INTERJECT_DATA_DIR: z.string().min(1).default(".interject"),
    AWS_ACCESS_KEY_ID: optional,
    AWS_SECRET_ACCESS_KEY: optional,
    AWS_SESSION_TOKEN: optional,
    AGENTCORE_ALLOWED_ORIGINS: list("http://localhost:3000,http://127.0.0.1:3000,http://localhost:5173"),
    AGENTCORE_JWT_ISSUER: optional,
    AGENTCORE_JWT_JWKS_URL: optional.pipe(z.url().optional()),
    AGENTCORE_JWT_AUDIENCE: list(""),
    AGENTCORE_JWT_ALLOWED_CLIENTS: list(""),
    // AgentCore's LifecycleConfiguration; the lower bound is 1 here (AWS: 60) so tests need not wait.
    AGENTCORE_IDLE_TIMEOUT_SECONDS: int(1, IDLE_SESSION_TIMEOUT_SECONDS.max).default(
      IDLE_SESSION_TIMEOUT_SECONDS.default,
    ),
    AGENTCORE_MAX_LIFETIME_SECONDS: int(1, MAX_SESSION_LIFETIME_SECONDS).default(
      MAX_SESSION_LIFETIME_SECONDS,
    ),
    AGENTCORE_PING_INTERVAL_SECONDS: int(1, 3600).default(5),
    AGENTCORE_ISOLATION: z.enum(["shared", "per-session"]).default("shared"),
    AGENTCORE_AGENT_COMMAND: z.string().min(1).default(defaultAgentCommand()),
    AGENTCORE_AGENT_START_TIMEOUT_SECONDS: int(1, 600).default(60),
    AGENTCORE_MAX_INVOCATION_BYTES: int(1, 100 * 1024 * 1024).default(100 * 1024 * 1024),
  })
  .refine((e) => (e.AWS_ACCESS_KEY_ID === undefined) === (e.AWS_SECRET_ACCESS_KEY === undefined), {
    path: ["AWS_SECRET_ACCESS_KEY"],
    message: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together",
  })
  .refine((e) => (e.AGENTCORE_JWT_ISSUER === undefined) === (e.AGENTCORE_JWT_JWKS_URL === undefined), {
    path: ["AGENTCORE_JWT_JWKS_URL"],
    message: "AGENTCORE_JWT_ISSUER and AGENTCORE_JWT_JWKS_URL must be set together",
  });

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new Error(`Invalid agentcore-local settings:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

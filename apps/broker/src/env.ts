/**
 * Every broker setting, read once from the environment with @interject/settings (zod through
 * @t3-oss/env-core). A bad value stops start-up with a SettingsError that names every wrong variable.
 * Documented with defaults in ../README.md ("Settings").
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { readSettings, SettingsError, setting } from "@interject/settings";
import { z } from "zod";
import { agentTargetProblems, NewAgentInput } from "./agents/agent-fields.ts";

const repoWebDist = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../web/dist");

/** INTERJECT_AGENTS: a JSON list of agents to register on start (each once, by name). */
const AgentList = setting
  .text()
  .transform((text, ctx) => {
    if (text === undefined) return [];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'expected a JSON list of agents, e.g. [{"name": ...}]' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(NewAgentInput)
      .max(100)
      .refine(
        (list) => new Set(list.map((a) => a.name)).size === list.length,
        "two agents have the same name",
      ),
  );

const shape = {
  PORT: setting.port(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: setting.logLevel(),
  INTERJECT_DATA_DIR: z.string().min(1).default(".interject"),
  DATABASE_URL: setting.text().pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  INTERJECT_WEB_DIR: z.string().min(1).default(repoWebDist),
  INTERJECT_PUBLIC_URL: setting.text().pipe(z.url().optional()),
  INTERJECT_ALLOWED_ORIGINS: setting.list().pipe(z.array(z.url())),
  INTERJECT_TRUST_PROXY: setting.flag(),
  INTERJECT_INSECURE_COOKIES: setting.flag(),
  INTERJECT_ADMIN_EMAIL: setting.text().pipe(z.email().optional()),
  INTERJECT_ADMIN_PASSWORD: setting.text(),
  INTERJECT_SESSION_IDLE_MINUTES: setting.int(60, 1, 24 * 60),
  INTERJECT_SESSION_ABSOLUTE_HOURS: setting.int(12, 1, 24 * 30),
  INTERJECT_URL_TTL_SECONDS: setting.int(30, 1, 300),
  INTERJECT_MINT_PER_MINUTE: setting.int(60, 1, 100_000),
  INTERJECT_AGENTS: AgentList,
  INTERJECT_PIN_AGENT: setting.flag(),
  AGENTCORE_ENDPOINT: z
    .string()
    .default(LOCAL_RUNTIME.endpoint)
    .refine((v) => v === "aws" || /^https?:\/\//.test(v), 'expected "aws" or an http(s) base URL'),
  AGENTCORE_RUNTIME_ARN: z.string().default(LOCAL_RUNTIME.arn),
  AGENTCORE_QUALIFIER: setting.text(),
  AWS_REGION: setting.text(),
  AWS_ACCESS_KEY_ID: setting.text(),
  AWS_SECRET_ACCESS_KEY: setting.text(),
  AWS_SESSION_TOKEN: setting.text(),
  BROKER_INGEST_TOKEN: setting.text().pipe(z.string().min(16, "use at least 16 characters").optional()),
  INTERJECT_OIDC_ISSUER: setting.text().pipe(z.url().optional()),
  INTERJECT_OIDC_CLIENT_ID: setting.text(),
  INTERJECT_OIDC_CLIENT_SECRET: setting.text(),
  INTERJECT_OIDC_REDIRECT_URL: setting.text().pipe(z.url().optional()),
  INTERJECT_OIDC_SCOPES: z.string().default("openid email profile"),
  INTERJECT_OIDC_ADMIN_CLAIM: setting.text(),
  INTERJECT_OIDC_ADMIN_VALUE: setting.text(),
  INTERJECT_OIDC_ALLOW_HTTP: setting.flag(),
  INTERJECT_ATTACHMENTS_S3_BUCKET: setting.text(),
  INTERJECT_ATTACHMENTS_S3_PREFIX: z.string().default("attachments/"),
  INTERJECT_ATTACHMENTS_S3_ENDPOINT: setting.text().pipe(z.url().optional()),
  INTERJECT_SHARE_MAX_DAYS: setting.int(90, 1, 3650),
};

type Settings = z.infer<z.ZodObject<typeof shape>>;

/** The settings; AWS_REGION is the built-in agent's Region (its ARN's when unset) once read. */
export type Env = Omit<Settings, "AWS_REGION"> & { AWS_REGION: string };

export { SettingsError };

/** The built-in agent's short name as the migration registers it (an admin may rename it). */
const BUILT_IN_NAME = "interject";

function refine(env: Settings, ctx: z.RefinementCtx): void {
  const problem = (variable: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [variable], message });
  const oidcParts = [
    env.INTERJECT_OIDC_ISSUER,
    env.INTERJECT_OIDC_CLIENT_ID,
    env.INTERJECT_OIDC_REDIRECT_URL,
  ];
  if (oidcParts.some((p) => p !== undefined) && oidcParts.some((p) => p === undefined))
    problem(
      "INTERJECT_OIDC_CLIENT_ID",
      "INTERJECT_OIDC_ISSUER, INTERJECT_OIDC_CLIENT_ID and INTERJECT_OIDC_REDIRECT_URL must be set together",
    );
  if ((env.AWS_ACCESS_KEY_ID === undefined) !== (env.AWS_SECRET_ACCESS_KEY === undefined))
    problem("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  // The built-in agent's runtime, checked as an admin's entry would be.
  const builtIn = agentTargetProblems({
    runtimeArn: env.AGENTCORE_RUNTIME_ARN,
    qualifier: env.AGENTCORE_QUALIFIER,
    region: env.AWS_REGION,
  });
  if (builtIn.runtimeArn) problem("AGENTCORE_RUNTIME_ARN", builtIn.runtimeArn);
  if (builtIn.qualifier) problem("AGENTCORE_QUALIFIER", builtIn.qualifier);
  if (builtIn.region) problem("AWS_REGION", builtIn.region);
  if (env.INTERJECT_PIN_AGENT && env.INTERJECT_AGENTS.length > 0)
    problem(
      "INTERJECT_AGENTS",
      "INTERJECT_PIN_AGENT serves only the agent of AGENTCORE_RUNTIME_ARN: leave INTERJECT_AGENTS empty",
    );
  if (env.INTERJECT_AGENTS.some((a) => a.name === BUILT_IN_NAME))
    problem("INTERJECT_AGENTS", `"${BUILT_IN_NAME}" is the built-in agent's name; choose another`);
}

/** Parses settings; throws a SettingsError naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const settings = readSettings("broker", shape, source, { refine });
  // Checked above: the ARN parses, and a Region that is set matches it.
  const region = settings.AWS_REGION ?? settings.AGENTCORE_RUNTIME_ARN.split(":")[3] ?? LOCAL_RUNTIME.region;
  return { ...settings, AWS_REGION: region };
}

/**
 * The admin command's settings: the broker's own (so it finds the same database and AgentCore endpoint),
 * with only warnings logged unless LOG_LEVEL says otherwise (its output is for a person).
 */
export function loadAdminEnv(source: Record<string, string | undefined> = process.env): Env {
  return loadEnv({ ...source, LOG_LEVEL: source.LOG_LEVEL || "warn" });
}

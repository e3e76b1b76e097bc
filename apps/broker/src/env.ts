/**
 * Every broker setting, read once from the environment and validated with zod. A bad value stops start-up
 * with an error that names the variable. Documented with defaults in ../README.md ("Settings").
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCAL_RUNTIME } from "@interject/agentcore-sigv4";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);
const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const repoWebDist = resolve(fileURLToPath(new URL(".", import.meta.url)), "../../web/dist");

const EnvSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  INTERJECT_DATA_DIR: z.string().min(1).default(".interject"),
  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  INTERJECT_WEB_DIR: z.string().min(1).default(repoWebDist),
  INTERJECT_PUBLIC_URL: optionalText.pipe(z.url().optional()),
  INTERJECT_ALLOWED_ORIGINS: list.pipe(z.array(z.url())),
  INTERJECT_TRUST_PROXY: bool,
  INTERJECT_INSECURE_COOKIES: bool,
  INTERJECT_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  INTERJECT_ADMIN_PASSWORD: optionalText,
  INTERJECT_SESSION_IDLE_MINUTES: int(60, 1, 24 * 60),
  INTERJECT_SESSION_ABSOLUTE_HOURS: int(12, 1, 24 * 30),
  INTERJECT_URL_TTL_SECONDS: int(30, 1, 300),
  INTERJECT_MINT_PER_MINUTE: int(60, 1, 100_000),
  AGENTCORE_ENDPOINT: z
    .string()
    .default(LOCAL_RUNTIME.endpoint)
    .refine((v) => v === "aws" || /^https?:\/\//.test(v), 'expected "aws" or an http(s) base URL'),
  AGENTCORE_RUNTIME_ARN: z.string().default(LOCAL_RUNTIME.arn),
  AGENTCORE_QUALIFIER: optionalText,
  AWS_REGION: z.string().default(LOCAL_RUNTIME.region),
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  BROKER_INGEST_TOKEN: optionalText.pipe(z.string().min(16, "use at least 16 characters").optional()),
  INTERJECT_OIDC_ISSUER: optionalText.pipe(z.url().optional()),
  INTERJECT_OIDC_CLIENT_ID: optionalText,
  INTERJECT_OIDC_CLIENT_SECRET: optionalText,
  INTERJECT_OIDC_REDIRECT_URL: optionalText.pipe(z.url().optional()),
  INTERJECT_OIDC_SCOPES: z.string().default("openid email profile"),
  INTERJECT_OIDC_ADMIN_CLAIM: optionalText,
  INTERJECT_OIDC_ADMIN_VALUE: optionalText,
  INTERJECT_OIDC_ALLOW_HTTP: bool,
  INTERJECT_ATTACHMENTS_S3_BUCKET: optionalText,
  INTERJECT_ATTACHMENTS_S3_PREFIX: z.string().default("attachments/"),
  INTERJECT_ATTACHMENTS_S3_ENDPOINT: optionalText.pipe(z.url().optional()),
  INTERJECT_SHARE_MAX_DAYS: int(90, 1, 3650),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override name = "EnvError";
}

/**
 * The admin command's settings: the broker's own (so it finds the same database and AgentCore endpoint),
 * with only warnings logged unless LOG_LEVEL says otherwise (its output is for a person).
 */
export function loadAdminEnv(source: Record<string, string | undefined> = process.env): Env {
  return loadEnv({ ...source, LOG_LEVEL: source.LOG_LEVEL || "warn" });
}

/** Parses settings; throws an EnvError naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`invalid broker settings:\n  ${lines.join("\n  ")}`);
  }
  const env = parsed.data;
  const oidcParts = [
    env.INTERJECT_OIDC_ISSUER,
    env.INTERJECT_OIDC_CLIENT_ID,
    env.INTERJECT_OIDC_REDIRECT_URL,
  ];
  if (oidcParts.some((p) => p !== undefined) && oidcParts.some((p) => p === undefined)) {
    throw new EnvError(
      "invalid broker settings:\n  INTERJECT_OIDC_ISSUER, INTERJECT_OIDC_CLIENT_ID and INTERJECT_OIDC_REDIRECT_URL must be set together",
    );
  }
  if ((env.AWS_ACCESS_KEY_ID === undefined) !== (env.AWS_SECRET_ACCESS_KEY === undefined)) {
    throw new EnvError(
      "invalid broker settings:\n  AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together",
    );
  }
  return env;
}

/**
 * Every setting the agent reads, in one place, validated at start-up. A bad value stops the process with a
 * message naming the variable. Each setting and its default is documented in ../README.md.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const here = path.dirname(fileURLToPath(import.meta.url));
/** `<repo>/docs` from apps/agent/src (tsx) or apps/agent/dist (bundle); the Docker image sets it explicitly. */
const DEFAULT_KNOWLEDGE_DIR = path.resolve(here, "../../../docs");

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const EnvSchema = z
  .object({
    PORT: int(0, 65535).default(8080),
    HOST: z.string().min(1).default("0.0.0.0"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    AGENT_MODEL: z.enum(["offline", "bedrock", "openai"]).default("offline"),
    AGENT_KNOWLEDGE_DIR: z.string().min(1).default(DEFAULT_KNOWLEDGE_DIR),
    AGENT_OFFLINE_DELAY_MS: int(0, 10_000).default(35),
    AGENT_CHUNK_INTERVAL_MS: int(0, 1000).default(100),
    AGENT_SESSION_IDLE_SECONDS: int(1, 28_800).default(900),
    AGENT_APPROVAL_TIMEOUT_SECONDS: int(1, 3600).default(120),
    AGENT_REPLAY_BUFFER_EVENTS: int(10, 1_000_000).default(5000),
    AGENT_MAX_TOOL_ROUNDS: int(1, 50).default(6),
    AGENT_WS_PING_INTERVAL_SECONDS: int(1, 3600).default(30),
    AGENT_INBOUND_RATE_PER_SECOND: int(1, 1_000_000).default(20),
    AGENT_INBOUND_BURST: int(1, 1_000_000).default(40),
    AGENT_OUTBOUND_SOFT_LIMIT_BYTES: int(1024, 1 << 30).default(64 * 1024),
    AGENT_OUTBOUND_HARD_CAP_BYTES: int(4096, 1 << 30).default(1024 * 1024),
    AGENT_BEDROCK_MODEL_ID: z.string().min(1).default("us.anthropic.claude-haiku-4-5-20251001-v1:0"),
    AGENT_BEDROCK_REGION: optionalString,
    AGENT_BEDROCK_ENDPOINT: optionalString.pipe(z.url().optional()),
    AGENT_MAX_OUTPUT_TOKENS: int(1, 200_000).default(2048),
    AGENT_OPENAI_BASE_URL: z.url().default("http://127.0.0.1:11434/v1"),
    AGENT_OPENAI_MODEL: z.string().min(1).default("llama3.2"),
    AGENT_OPENAI_API_KEY: optionalString,
    BROKER_INGEST_URL: optionalString.pipe(z.url().optional()),
    BROKER_INGEST_TOKEN: optionalString,
    AGENT_INGEST_BATCH_EVENTS: int(1, 500).default(500),
    AGENT_INGEST_FLUSH_MS: int(0, 60_000).default(1000),
    AGENT_INGEST_QUEUE_MAX: int(10, 10_000_000).default(50_000),
    AWS_REGION: optionalString,
  })
  .refine((e) => e.AGENT_OUTBOUND_HARD_CAP_BYTES > e.AGENT_OUTBOUND_SOFT_LIMIT_BYTES, {
    path: ["AGENT_OUTBOUND_HARD_CAP_BYTES"],
    message: "must be larger than AGENT_OUTBOUND_SOFT_LIMIT_BYTES",
  })
  .refine((e) => (e.BROKER_INGEST_URL === undefined) === (e.BROKER_INGEST_TOKEN === undefined), {
    path: ["BROKER_INGEST_TOKEN"],
    message: "BROKER_INGEST_URL and BROKER_INGEST_TOKEN must be set together",
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid setting ${variable}: ${detail}`);
    this.name = "EnvError";
  }
}

/** Reads and validates the settings; throws an EnvError naming the first bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new EnvError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
}

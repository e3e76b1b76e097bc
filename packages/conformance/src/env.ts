/**
 * Every setting the conformance CLI reads from the environment, in one place: where the local key pair lives
 * and the AWS keys that replace it (AWS mode reads its credentials through the SDK's default chain), and for
 * `--agent` the broker to ask and the administrator to ask as (the broker's own first-admin settings).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** `<repo>/.interject`, the data directory `pnpm start` uses, from packages/conformance/src. */
const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../.interject");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const EnvSchema = z.object({
  INTERJECT_DATA_DIR: z.string().min(1).default(DEFAULT_DATA_DIR),
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
  INTERJECT_BROKER_URL: z
    .url({ protocol: /^https?$/, error: "expected the broker's http(s) base URL" })
    .default("http://127.0.0.1:3000"),
  INTERJECT_ADMIN_EMAIL: optionalString,
  INTERJECT_ADMIN_PASSWORD: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override readonly name = "EnvError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid setting ${variable}: ${detail}`);
  }
}

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new EnvError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
}

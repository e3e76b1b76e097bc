/**
 * Every setting the basic agent reads, validated at start-up; a bad value stops it with a message naming the
 * variable. Defaults follow `BedrockAgentCoreApp.run()`: port 8080, and 0.0.0.0 only inside a container.
 */
import { existsSync } from "node:fs";
import { z } from "zod";

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `BedrockAgentCoreApp.run()` listens on 0.0.0.0 when `/.dockerenv` exists or DOCKER_CONTAINER is set. */
function defaultHost(source: Record<string, string | undefined>): string {
  return existsSync("/.dockerenv") || source.DOCKER_CONTAINER ? "0.0.0.0" : "127.0.0.1";
}

export interface Env {
  PORT: number;
  HOST: string;
  BASIC_AGENT_WORD_DELAY_MS: number;
}

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid setting ${variable}: ${detail}`);
    this.name = "EnvError";
  }
}

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const schema = z.object({
    PORT: int(0, 65535).default(8080),
    HOST: z.string().min(1).default(defaultHost(source)),
    BASIC_AGENT_WORD_DELAY_MS: int(0, 10_000).default(30),
  });
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new EnvError(String(issue?.path[0] ?? "environment"), issue?.message ?? "invalid");
}

/** Runs test-support/botocore_sign.py (botocore, the Python SDK's signing path) from tests and the bench. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface BotocoreCase {
  form: "query" | "header";
  base: string;
  region: string;
  /** Default bedrock-agentcore. */
  service?: string;
  /** The path's last segment: "ws" (default), "invocations", "stopruntimesession", or any other (tests). */
  action?: string;
  /** Header form only: sign a POST with this body. */
  body?: string;
  runtimeArn: string;
  qualifier?: string;
  query?: Array<[string, string]>;
  sessionId: string;
  expiresIn: number;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** ISO seconds, e.g. 2026-11-21T12:00:00Z */
  now: string;
}

export interface BotocoreResult {
  url: string;
  headers?: Record<string, string>;
}

const script = fileURLToPath(new URL("./botocore_sign.py", import.meta.url));

export function botocoreSign(
  cases: BotocoreCase[],
  bench?: number,
): {
  results: BotocoreResult[];
  benchPerSecond?: number;
} {
  // `pnpm test` sets INTERJECT_PYTHON to a Python that has botocore (scripts/find-botocore.sh).
  const out = execFileSync(process.env.INTERJECT_PYTHON || "python3", [script], {
    input: JSON.stringify({ cases, bench }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as { results: BotocoreResult[]; benchPerSecond?: number };
}

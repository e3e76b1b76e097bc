/**
 * What the suite connects to. A target turns a session id into one connection's URL and headers, so every
 * check can open a fresh session or come back to one. `urlTarget` is a plain ws:// or wss:// URL (an agent
 * container, or anything that speaks to one); `runtimeTarget` (runtime-target.ts) signs a presigned URL for
 * an AgentCore runtime per connection. A registered agent resolves to a runtime target.
 */
import { SESSION_ID_PARAM, TRACE_LEVEL_PARAM } from "@interject/agentcore-sigv4";
import type { ConnectionRequest } from "./agent-connection.ts";
import { UsageError } from "./errors.ts";

export interface AgentTarget {
  /** For people and reports: never a query string, signature or token. */
  readonly description: string;
  /** The container's `GET /ping`, when the target is a container reached directly; null behind a runtime. */
  readonly pingUrl: string | null;
  /** One connection to the session `sessionId`, asking for the full trace level. */
  connection(sessionId: string): Promise<ConnectionRequest>;
}

/**
 * A ws:// or wss:// URL. The session id goes in the `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id` header (and
 * replaces that query parameter if the URL has one); the full trace level is asked for with the query
 * parameter the runtime forwards, unless the URL sets one. A presigned URL cannot be used: its signature
 * covers the session id, so it cannot open the fresh sessions the checks need (use `--arn`).
 */
export function urlTarget(raw: string): AgentTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`"${raw}" is not a URL; give a ws:// or wss:// URL such as ws://127.0.0.1:8080/ws`);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new UsageError(`the URL must start with ws:// or wss:// (got ${url.protocol}//)`);
  }
  if (url.searchParams.has("X-Amz-Signature")) {
    throw new UsageError(
      "a presigned URL is bound to one session id, and the checks open several sessions: use --arn with the runtime's ARN instead",
    );
  }
  const description = `${url.protocol}//${url.host}${url.pathname}`;
  const pingUrl = url.pathname.endsWith("/ws")
    ? `${url.protocol === "wss:" ? "https:" : "http:"}//${url.host}${url.pathname.slice(0, -3)}/ping`
    : null;
  return {
    description,
    pingUrl,
    connection: async (sessionId) => {
      const next = new URL(url);
      if (next.searchParams.has(SESSION_ID_PARAM)) next.searchParams.set(SESSION_ID_PARAM, sessionId);
      if (!next.searchParams.has(TRACE_LEVEL_PARAM)) next.searchParams.set(TRACE_LEVEL_PARAM, "full");
      return { url: next.toString(), headers: { [SESSION_ID_PARAM]: sessionId } };
    },
  };
}

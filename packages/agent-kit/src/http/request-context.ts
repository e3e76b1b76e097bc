/**
 * What every route needs from a request: the AgentCore session id (header, else query parameter, else a new
 * one) and the signed trace level (query parameter; `milestones` when absent). Bad values are typed errors.
 */
import type { IncomingMessage } from "node:http";
import {
  SESSION_ID_MAX,
  SESSION_ID_MIN,
  SESSION_ID_PARAM,
  TRACE_LEVEL_PARAM,
} from "@interject/agentcore-sigv4/constants";
import { SessionId, TraceLevel } from "@interject/protocol";

export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

export interface RequestContext {
  path: string;
  sessionId: string;
  traceLevel: TraceLevel;
}

export function readRequestContext(
  req: IncomingMessage,
  newId: () => string = () => crypto.randomUUID(),
): RequestContext {
  const url = new URL(req.url ?? "/", "http://agent.invalid");
  const header = req.headers[SESSION_ID_PARAM.toLowerCase()];
  const raw =
    (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get(SESSION_ID_PARAM) ?? undefined;
  let sessionId = newId();
  if (raw !== undefined && raw !== "") {
    const parsed = SessionId.safeParse(raw);
    if (!parsed.success || raw.length < SESSION_ID_MIN || raw.length > SESSION_ID_MAX) {
      throw new RequestError(
        400,
        "invalid_session_id",
        `${SESSION_ID_PARAM} must be ${SESSION_ID_MIN} to ${SESSION_ID_MAX} letters, digits or . _ : -`,
      );
    }
    sessionId = parsed.data;
  }
  const level = url.searchParams.get(TRACE_LEVEL_PARAM);
  let traceLevel: TraceLevel = "milestones";
  if (level !== null) {
    const parsed = TraceLevel.safeParse(level);
    if (!parsed.success)
      throw new RequestError(400, "invalid_trace_level", `${TRACE_LEVEL_PARAM} must be milestones or full`);
    traceLevel = parsed.data;
  }
  return { path: url.pathname, sessionId, traceLevel };
}

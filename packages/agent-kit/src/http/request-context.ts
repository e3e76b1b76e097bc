/**
 * What every route needs from a request: the AgentCore session id (header, else query parameter, else a new
 * one) and the signed trace level (query parameter; `milestones` when absent). Bad values are typed errors.
 */
import type { IncomingMessage } from "node:http";
import { SESSION_ID_HEADER, SessionId, TRACE_LEVEL_QUERY_PARAM, TraceLevel } from "@interject/protocol";

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
  const header = req.headers[SESSION_ID_HEADER.toLowerCase()];
  const raw =
    (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get(SESSION_ID_HEADER) ?? undefined;
  let sessionId = newId();
  if (raw !== undefined && raw !== "") {
    const parsed = SessionId.safeParse(raw);
    if (!parsed.success) {
      throw new RequestError(
        400,
        "invalid_session_id",
        `${SESSION_ID_HEADER} must be 33 to 256 letters, digits or . _ : -`,
      );
    }
    sessionId = parsed.data;
  }
  const level = url.searchParams.get(TRACE_LEVEL_QUERY_PARAM);
  let traceLevel: TraceLevel = "milestones";
  if (level !== null) {
    const parsed = TraceLevel.safeParse(level);
    if (!parsed.success)
      throw new RequestError(
        400,
        "invalid_trace_level",
        `${TRACE_LEVEL_QUERY_PARAM} must be milestones or full`,
      );
    traceLevel = parsed.data;
  }
  return { path: url.pathname, sessionId, traceLevel };
}

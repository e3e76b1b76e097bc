/** What the agent receives with every proxied request: the session id, a request id, the client's params. */
import { REQUEST_ID_HEADER, SESSION_ID_PARAM } from "@interject/agentcore-sigv4";

export function forwardedQuery(params: Array<[string, string]>, sessionId: string): string {
  const out = new URLSearchParams();
  for (const [k, v] of params) if (k !== SESSION_ID_PARAM) out.append(k, v);
  out.append(SESSION_ID_PARAM, sessionId);
  return out.toString().replaceAll("+", "%20");
}

export function forwardedHeaders(
  sessionId: string,
  requestId: string,
  authorization: string | undefined,
): Record<string, string> {
  return {
    [SESSION_ID_PARAM]: sessionId,
    [REQUEST_ID_HEADER]: requestId,
    ...(authorization === undefined ? {} : { authorization }),
  };
}

/**
 * StopRuntimeSession (`POST /runtimes/{ARN}/stopruntimesession[?qualifier=]`), exactly as
 * `@aws-sdk/client-bedrock-agentcore` serialises it: the runtime session id in the
 * X-Amzn-Bedrock-AgentCore-Runtime-Session-Id header, a JSON body `{"clientToken": ...}` (the SDK's
 * idempotency token). Answered 200 with the same header and `{"statusCode": 200}` once the session's sockets
 * are closed and its agent told, or 404 ResourceNotFoundException when no such session runs (never started,
 * or already ended). Authentication, ARN and qualifier are checked before, like every route.
 */
import type { ServerResponse } from "node:http";
import { SESSION_ID_MAX, SESSION_ID_MIN, SESSION_ID_PARAM } from "@interject/agentcore-sigv4";
import { z } from "zod";
import { DataPlaneError } from "./errors.ts";
import type { AgentNotifier, SessionRegistry } from "./lifecycle/sessions.ts";

const StopRuntimeSessionBody = z.strictObject({ clientToken: z.string().min(1).max(256).optional() });

function validationError(message: string, reason: string): DataPlaneError {
  return new DataPlaneError(400, "ValidationException", message, reason);
}

/** The body's shape is checked (a client token is optional); nothing in it changes what happens. */
function checkBody(body: Uint8Array): void {
  const text = Buffer.from(body).toString("utf8").trim();
  if (text === "") return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationError("The request body is not valid JSON", "malformed-body");
  }
  const parsed = StopRuntimeSessionBody.safeParse(value);
  if (!parsed.success) {
    throw validationError(
      `The request body does not match StopRuntimeSessionRequest: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      "malformed-body",
    );
  }
}

export async function stopRuntimeSession(
  res: ServerResponse,
  sessionId: string | undefined,
  body: Uint8Array,
  sessions: SessionRegistry,
  notify: AgentNotifier,
): Promise<void> {
  if (sessionId === undefined || sessionId === "")
    throw validationError(`${SESSION_ID_PARAM} is required`, "missing-session-id");
  if (sessionId.length < SESSION_ID_MIN || sessionId.length > SESSION_ID_MAX) {
    throw validationError(
      `${SESSION_ID_PARAM} must be ${SESSION_ID_MIN} to ${SESSION_ID_MAX} characters`,
      "bad-session-id",
    );
  }
  checkBody(body);
  if (!(await sessions.stop(sessionId, notify))) {
    throw new DataPlaneError(
      404,
      "ResourceNotFoundException",
      "No runtime session with this id is running",
      "unknown-session",
    );
  }
  const text = JSON.stringify({ statusCode: 200 });
  res.writeHead(200, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(text)),
    [SESSION_ID_PARAM.toLowerCase()]: sessionId,
  });
  res.end(text);
}

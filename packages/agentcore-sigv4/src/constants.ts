/**
 * Names and limits of the AgentCore data plane, written once: the signer, the verifier, the local runtime
 * (apps/agentcore-local) and the agent depend on them. Imported without the rest of the package (no smithy)
 * as `@interject/agentcore-sigv4/constants`. Sources are in ../shared/reference/agentcore.md.
 */

export const AGENTCORE_SERVICE = "bedrock-agentcore";
export const SESSION_ID_PARAM = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";
export const REQUEST_ID_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Request-Id";
export const TRACE_LEVEL_PARAM = "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level";
export const SESSION_ID_MIN = 33;
export const SESSION_ID_MAX = 256;
/** Both official SDKs refuse presigned URLs that live longer than this. */
export const MAX_EXPIRES_SECONDS = 300;
/** SigV4's allowed clock skew. */
export const MAX_SKEW_MS = 5 * 60 * 1000;
export const ALGORITHM = "AWS4-HMAC-SHA256";
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** The runtime the local stand-in serves unless told otherwise (see contracts). */
export const LOCAL_RUNTIME = {
  arn: "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/interject_local-0000000000",
  region: "us-east-1",
  endpoint: "http://127.0.0.1:8790",
} as const;

/**
 * WebSocket limits of AgentCore Runtime that no runtime setting changes (agentcore.md section 2, quotas page,
 * "not adjustable"). Frames: the quota is 64 KB, the WebSocket getting-started guide says to stay below
 * 32 KB; the local runtime enforces the stricter figure. Over it the service closes with 1009.
 */
export const WEBSOCKET_MAX_FRAME_BYTES = 32 * 1024;
/** Inbound frames per second on one connection; over it the service closes with 1008 ("policy violated"). */
export const WEBSOCKET_MAX_FRAMES_PER_SECOND = 250;
/** A WebSocket (or streaming) connection lives at most 60 minutes; its session lives on. */
export const WEBSOCKET_MAX_CONNECTION_SECONDS = 60 * 60;

/**
 * The session lifecycle, which a runtime's LifecycleConfiguration may change (agentcore.md sections 2 and 4):
 * a session idle for IdleRuntimeSessionTimeout (default 900 s, 60 to 28,800) is terminated; none lives longer
 * than MaxLifetime (default and maximum 28,800 s).
 */
export const IDLE_SESSION_TIMEOUT_SECONDS = { default: 900, min: 60, max: 28_800 } as const;
export const MAX_SESSION_LIFETIME_SECONDS = 28_800;

/**
 * What the local runtime does to a runtime session's agent-side WebSockets when StopRuntimeSession ends it
 * (in AWS the session's microVM is terminated instead): it closes them with this code and reason, opening
 * one to the agent's /ws first when none is attached, so the agent can end the session's running turn.
 * Browser-side sockets of that session are closed with 1008 and the same reason.
 */
export const SESSION_STOPPED_CLOSE_CODE = 4000;
export const SESSION_STOPPED_CLOSE_REASON = "runtime session stopped";
/** The close code browser-side sockets of a stopped session get (policy violation: access ended). */
export const SESSION_STOPPED_CLIENT_CLOSE_CODE = 1008;

/** Names and limits of the AgentCore data plane that both the signer and the verifier depend on. */

export const AGENTCORE_SERVICE = "bedrock-agentcore";
export const SESSION_ID_PARAM = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";
export const REQUEST_ID_HEADER = "X-Amzn-Bedrock-AgentCore-Runtime-Request-Id";
export const TRACE_LEVEL_PARAM = "X-Amzn-Bedrock-AgentCore-Runtime-Custom-Trace-Level";
export const SESSION_ID_MIN = 33;
export const SESSION_ID_MAX = 256;
/** Both official SDKs refuse presigned URLs that live longer than this. */
export const MAX_EXPIRES_SECONDS = 300;
/** AgentCore ends a streaming or WebSocket connection after at most this long (quotas page: 60 minutes). */
export const MAX_CONNECTION_SECONDS = 60 * 60;
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

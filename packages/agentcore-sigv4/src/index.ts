/** Public API of @interject/agentcore-sigv4 (see README.md). */
export {
  AGENTCORE_SERVICE,
  IDLE_SESSION_TIMEOUT_SECONDS,
  LOCAL_RUNTIME,
  MAX_EXPIRES_SECONDS,
  MAX_SESSION_LIFETIME_SECONDS,
  REQUEST_ID_HEADER,
  SESSION_ID_MAX,
  SESSION_ID_MIN,
  SESSION_ID_PARAM,
  SESSION_STOPPED_CLIENT_CLOSE_CODE,
  SESSION_STOPPED_CLOSE_CODE,
  SESSION_STOPPED_CLOSE_REASON,
  TRACE_LEVEL_PARAM,
  WEBSOCKET_MAX_CONNECTION_SECONDS,
  WEBSOCKET_MAX_FRAME_BYTES,
  WEBSOCKET_MAX_FRAMES_PER_SECOND,
} from "./constants.ts";
export { AgentCoreSigningError, type SigningField } from "./errors.ts";
export {
  LOCAL_CREDENTIALS_FILE,
  type LocalCredentials,
  loadOrCreateLocalCredentials,
} from "./local-credentials.ts";
export type { PresignInput } from "./presign-input.ts";
export {
  type AgentCorePresigner,
  createAgentCorePresigner,
  type HeaderSignedConnection,
  type PresignedConnection,
  type PresignerOptions,
} from "./presigner.ts";
export {
  assertQualifier,
  awsEndpointFor,
  isValidRegion,
  parseRuntimeArn,
  type RuntimeArn,
} from "./runtime-arn.ts";
export { verifyAgentCoreRequest } from "./verifier.ts";
export type {
  CredentialStore,
  StoredCredential,
  VerifyFailure,
  VerifyFailureReason,
  VerifyOptions,
  VerifyRequest,
  VerifyResult,
  VerifySuccess,
} from "./verify-types.ts";

/** Public API of @interject/agentcore-sigv4 (see README.md). */
export {
  AGENTCORE_SERVICE,
  LOCAL_RUNTIME,
  MAX_CONNECTION_SECONDS,
  MAX_EXPIRES_SECONDS,
  REQUEST_ID_HEADER,
  SESSION_ID_PARAM,
  TRACE_LEVEL_PARAM,
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
export { awsEndpointFor, parseRuntimeArn, type RuntimeArn } from "./runtime-arn.ts";
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

/** Inputs, outputs and the typed rejection reasons of verifyAgentCoreRequest. */

export interface StoredCredential {
  secretAccessKey: string;
  /** Set for temporary credentials: requests must then carry exactly this token. */
  sessionToken?: string;
}

/** Looks up the secret (and, for temporary keys, the session token) of an access key id. */
export type CredentialStore = (accessKeyId: string) => StoredCredential | undefined;

export interface VerifyRequest {
  method: string;
  /** path?query exactly as received on the request line. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The request body, when it has one: SigV4 signs its SHA-256. */
  body?: Uint8Array | string;
}

export interface VerifyOptions {
  credentials: CredentialStore;
  now?: Date;
  /** When set, the credential scope must name this region. */
  region?: string;
  /** The credential scope's service; default "bedrock-agentcore". */
  service?: string;
  /** Longest accepted X-Amz-Expires; default 300 (AgentCore's limit). */
  maxExpiresIn?: number;
  /** Normalise and double-encode the path as every non-S3 service does (default true). */
  normalizePath?: boolean;
}

export type VerifyFailureReason =
  | "missing-authentication"
  | "malformed-request"
  | "unsupported-algorithm"
  | "malformed-credential"
  | "malformed-date"
  | "scope-date-mismatch"
  | "wrong-region"
  | "wrong-service"
  | "malformed-expires"
  | "expires-too-long"
  | "expired"
  | "not-yet-valid"
  | "request-time-skew"
  | "malformed-signed-headers"
  | "host-not-signed"
  | "date-not-signed"
  | "signed-header-missing"
  | "unknown-access-key"
  | "session-token-mismatch"
  | "signature-mismatch";

export interface VerifySuccess {
  ok: true;
  form: "query" | "header";
  accessKeyId: string;
  region: string;
  service: string;
  /** From the X-Amzn-Bedrock-AgentCore-Runtime-Session-Id query parameter or header. */
  sessionId: string | undefined;
  signedAt: Date;
  /** Query form only: when the URL stops being accepted. */
  expiresAt: Date | undefined;
  /** The decoded query parameters other than SigV4's own X-Amz-* ones, in received order. */
  params: Array<[string, string]>;
}

export interface VerifyFailure {
  ok: false;
  reason: VerifyFailureReason;
  /** Says what was wrong without echoing secrets or the signature. */
  message: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

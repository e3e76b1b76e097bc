/**
 * Checks a presign request field by field, so a bad input fails with an error naming the field. The runtime ARN
 * is checked apart from the rest, so that a presigner can check each ARN once and reuse the result.
 */
import { MAX_EXPIRES_SECONDS, SESSION_ID_MAX, SESSION_ID_MIN, SESSION_ID_PARAM } from "./constants.ts";
import { AgentCoreSigningError } from "./errors.ts";
import { assertQualifier, parseRuntimeArn } from "./runtime-arn.ts";

export interface PresignInput {
  runtimeArn: string;
  qualifier?: string;
  sessionId: string;
  /** Extra signed query parameters, e.g. the trace level. */
  query?: Record<string, string>;
  /** Seconds, 1..300. */
  expiresIn: number;
}

const SESSION_ID_PARAM_LOWER = SESSION_ID_PARAM.toLowerCase();
// Printable ASCII only: the id travels in a header and a query parameter.
const SESSION_ID_CHARS = /^[\x21-\x7e]+$/;

/** Throws unless the runtime ARN is well formed and in the signer's region. */
export function checkRuntimeArn(runtimeArn: string, region: string): void {
  const arn = parseRuntimeArn(runtimeArn);
  if (arn.region !== region) {
    throw new AgentCoreSigningError(
      "region",
      `the signer is for ${region} but the runtime ARN is in ${arn.region}; use a signer for the ARN's region`,
    );
  }
}

/** Checks every field but the runtime ARN (see checkRuntimeArn). */
export function checkPresignFields(input: PresignInput): void {
  if (input.qualifier !== undefined) assertQualifier(input.qualifier);
  const sid = input.sessionId;
  if (typeof sid !== "string" || sid.length < SESSION_ID_MIN || sid.length > SESSION_ID_MAX) {
    throw new AgentCoreSigningError(
      "sessionId",
      `must be ${SESSION_ID_MIN} to ${SESSION_ID_MAX} characters (got ${typeof sid === "string" ? sid.length : typeof sid})`,
    );
  }
  if (!SESSION_ID_CHARS.test(sid)) {
    throw new AgentCoreSigningError("sessionId", "must be printable ASCII without spaces");
  }
  const e = input.expiresIn;
  if (!Number.isInteger(e) || e < 1 || e > MAX_EXPIRES_SECONDS) {
    throw new AgentCoreSigningError(
      "expiresIn",
      `must be a whole number of seconds from 1 to ${MAX_EXPIRES_SECONDS}`,
    );
  }
  const query = input.query;
  if (query == null) return;
  for (const key of Object.keys(query)) {
    const value = query[key];
    const lower = key.toLowerCase();
    if (
      key.length === 0 ||
      lower === "qualifier" ||
      lower === SESSION_ID_PARAM_LOWER ||
      lower.startsWith("x-amz-")
    ) {
      throw new AgentCoreSigningError("query", `parameter "${key}" is reserved or empty`);
    }
    if (typeof value !== "string") {
      throw new AgentCoreSigningError("query", `parameter "${key}" must be a string`);
    }
  }
}

/** Maps the verifier's typed reasons to the status, error type and message AWS answers with. */
import type { VerifyFailure } from "@interject/agentcore-sigv4";
import { DataPlaneError } from "../errors.ts";

export function sigv4Error(failure: VerifyFailure): DataPlaneError {
  switch (failure.reason) {
    case "missing-authentication":
      return new DataPlaneError(
        403,
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
        failure.reason,
      );
    case "unknown-access-key":
    case "session-token-mismatch":
      return new DataPlaneError(
        403,
        "UnrecognizedClientException",
        "The security token included in the request is invalid.",
        failure.reason,
      );
    case "malformed-request":
    case "malformed-credential":
    case "malformed-date":
    case "malformed-expires":
    case "malformed-signed-headers":
    case "date-not-signed":
    case "host-not-signed":
    case "signed-header-missing":
      return new DataPlaneError(403, "IncompleteSignatureException", failure.message, failure.reason);
    default:
      // expired, not-yet-valid, skew, scope, algorithm, signature-mismatch
      return new DataPlaneError(403, "InvalidSignatureException", failure.message, failure.reason);
  }
}

/** The one error the signing side throws for bad input: `field` names what the caller got wrong. */

export type SigningField =
  | "runtimeArn"
  | "region"
  | "endpoint"
  | "qualifier"
  | "sessionId"
  | "expiresIn"
  | "query"
  | "credentials";

export class AgentCoreSigningError extends Error {
  override readonly name = "AgentCoreSigningError";
  constructor(
    readonly field: SigningField,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/**
 * The errors this package throws, one per failure kind. Only configuration loading throws to the caller;
 * server and call failures are reported as statuses and call outcomes instead (see manager.ts, call.ts).
 */

/** The config file is missing, not JSON, or a server entry is invalid; names the server and the field. */
export class McpConfigError extends Error {
  override readonly name = "McpConfigError";
  constructor(
    message: string,
    /** The server's key in `mcpServers`, when the problem is inside one entry. */
    readonly server?: string,
    /** The dotted path of the field inside that entry (or of the file's top level). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A credential for an HTTP server (OAuth token, Secrets Manager secret, AWS credentials) could not be had. */
export class McpAuthError extends Error {
  override readonly name = "McpAuthError";
}

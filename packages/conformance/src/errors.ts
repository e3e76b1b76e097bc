/**
 * One typed error per way a check can go wrong while talking to an agent, so that a check's reason says what
 * happened (and a usage error what to type instead). The runner turns each into a failed check's reason.
 */

/** The command line asks for something impossible; exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `--agent`: the broker could not be asked, or does not know the agent; exit code 2, like a usage error. */
export class AgentLookupError extends Error {
  override readonly name = "AgentLookupError";
}

/** The WebSocket handshake failed: an HTTP status, or no answer at all. */
export class ConnectError extends Error {
  override readonly name = "ConnectError";
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** Nothing (or not the awaited frame) arrived in time. */
export class WaitTimeout extends Error {
  override readonly name = "WaitTimeout";
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not come within ${ms} ms`);
  }
}

/** The socket closed while a check was waiting for a frame. */
export class SocketClosed extends Error {
  override readonly name = "SocketClosed";
  constructor(
    readonly what: string,
    readonly code: number,
    readonly reason: string,
  ) {
    super(`the socket closed (${code}${reason ? ` "${reason}"` : ""}) while waiting for ${what}`);
  }
}

/** The agent sent something its level does not allow: a frame outside the schema, or the wrong message. */
export class ProtocolViolation extends Error {
  override readonly name = "ProtocolViolation";
}

/** A short, printable excerpt of a frame for a reason line. */
export function excerpt(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

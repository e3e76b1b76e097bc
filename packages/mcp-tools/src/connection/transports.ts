/**
 * Builds the SDK transport for a server: stdio (a child process whose stderr is kept, last lines only, for
 * error messages) or Streamable HTTP (config headers on every request, and the Gateway's OAuth or SigV4 auth
 * through the transport's `fetch`). The SDK's own SSE reconnection is kept short: this package reconnects.
 */
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { createAuthorizedFetch, type RequestAuthorizer } from "../auth/authorized-fetch.ts";
import type { AwsSettings } from "../auth/aws-settings.ts";
import { clientSecretReader } from "../auth/client-secret.ts";
import { createOAuthTokenSource, type TokenSource } from "../auth/oauth-token-source.ts";
import { createSigV4Signer, resolveSigV4Region } from "../auth/sigv4-signer.ts";
import type { EnvSource } from "../config/env-reference.ts";
import type { HttpTransportConfig, StdioTransportConfig } from "../config/server-config.ts";

const STDERR_LINE_CHARS = 500;
const TELLING_LINES = 3;
const LAST_LINES = 2;
/** Lines worth quoting in a status: a crash's message is near the top, under the location line. */
const TELLING = /\b(error|exception|fatal|cannot|denied|not found|no such|ENOENT|EACCES|refused)\b/i;

/** What a child wrote to stderr that explains a failure: its first telling lines and its last lines. */
export class StderrTail {
  private telling: string[] = [];
  private last: string[] = [];
  private partial = "";

  /** A new child: forget the previous one's output. */
  reset(): void {
    this.telling = [];
    this.last = [];
    this.partial = "";
  }

  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split("\n");
    this.partial = (parts.pop() ?? "").slice(-STDERR_LINE_CHARS);
    const complete = parts.map((l) => l.trim().slice(0, STDERR_LINE_CHARS)).filter((l) => l.length > 0);
    for (const line of complete) {
      if (this.telling.length < TELLING_LINES && TELLING.test(line)) this.telling.push(line);
    }
    this.last = [...this.last, ...complete].slice(-LAST_LINES);
    return complete;
  }

  text(): string {
    const lines = [
      ...this.telling,
      ...this.last.filter((l) => !this.telling.includes(l)),
      this.partial.trim(),
    ];
    return lines.filter(Boolean).join(" | ");
  }
}

export function createStdioTransport(
  config: StdioTransportConfig,
  onStderr: (lines: string[]) => void,
  tail: StderrTail,
): StdioClientTransport {
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args,
    env: config.env,
    stderr: "pipe",
    ...(config.cwd === undefined ? {} : { cwd: config.cwd }),
  });
  transport.stderr?.on("data", (chunk: Buffer) => {
    const lines = tail.push(chunk.toString("utf8"));
    if (lines.length > 0) onStderr(lines);
  });
  return transport;
}

export interface HttpDeps {
  aws: AwsSettings;
  env: EnvSource;
}

/** Token sources outlive connections: a reconnect reuses a token that is still good. */
const tokenSources = new WeakMap<HttpTransportConfig, TokenSource>();

function authorizerFor(config: HttpTransportConfig, deps: HttpDeps): RequestAuthorizer | undefined {
  const auth = config.auth;
  if (auth.kind === "none") return undefined;
  if (auth.kind === "sigv4") {
    const region = resolveSigV4Region(auth, config.url, deps.env);
    return { kind: "sigv4", sign: createSigV4Signer(auth, region, deps.aws) };
  }
  let tokens = tokenSources.get(config);
  if (!tokens) {
    tokens = createOAuthTokenSource(auth, clientSecretReader(auth.clientSecret, deps.aws, deps.env));
    tokenSources.set(config, tokens);
  }
  return { kind: "bearer", tokens };
}

export function createHttpTransport(config: HttpTransportConfig, deps: HttpDeps): Transport {
  const authorizer = authorizerFor(config, deps);
  return new StreamableHTTPClientTransport(config.url, {
    requestInit: { headers: config.headers },
    ...(authorizer === undefined ? {} : { fetch: createAuthorizedFetch(authorizer) }),
    reconnectionOptions: {
      initialReconnectionDelay: 1000,
      maxReconnectionDelay: 5000,
      reconnectionDelayGrowFactor: 2,
      maxRetries: 2,
    },
  });
}

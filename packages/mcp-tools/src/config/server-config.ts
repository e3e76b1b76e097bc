/**
 * A server's settings once the file is validated and its references resolved: what the connection uses.
 * Secrets are held only here (never logged); `secrets` lists every resolved value so texts can be redacted.
 */

export interface Timeouts {
  connectMs: number;
  callMs: number;
  maxCallMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 30_000, callMs: 60_000, maxCallMs: 600_000 };

export type ApprovalPolicy =
  /** Only tools the server marks destructive, and those listed. */
  | { mode: "listed"; tools: ReadonlySet<string> }
  /** Every tool the server does not mark read-only, and those listed. */
  | { mode: "unlessReadOnly"; tools: ReadonlySet<string> };

export type SecretSource =
  | { from: "env"; value: string }
  | { from: "secrets-manager"; secretId: string; jsonKey?: string; region?: string };

export interface OAuthClientCredentials {
  kind: "oauth-client-credentials";
  tokenUrl: URL;
  clientId: string;
  clientSecret: SecretSource;
  scope?: string;
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
}

export interface SigV4Auth {
  kind: "sigv4";
  /** Unset: the region comes from the Gateway URL or AWS_REGION when the connection is made. */
  region?: string;
  service: string;
}

export type HttpAuth = { kind: "none" } | OAuthClientCredentials | SigV4Auth;

export interface StdioTransportConfig {
  kind: "stdio";
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface HttpTransportConfig {
  kind: "http";
  url: URL;
  headers: Record<string, string>;
  auth: HttpAuth;
}

export interface ServerConfig {
  /** The key in `mcpServers`. */
  name: string;
  disabled: boolean;
  transport: StdioTransportConfig | HttpTransportConfig;
  approval: ApprovalPolicy;
  disabledTools: ReadonlySet<string>;
  timeouts: Timeouts;
  /** Every secret value resolved for this server (from `${env:...}`), for redaction. */
  secrets: string[];
}

export interface McpConfig {
  servers: ServerConfig[];
  /** Where it was read from, for messages. */
  source: string;
}

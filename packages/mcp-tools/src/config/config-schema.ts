/**
 * The config file's shape, as written: the `mcpServers` object Claude Desktop, Cursor and VS Code use (stdio
 * servers with `command`/`args`/`env`/`cwd`, Streamable HTTP servers with `url`/`headers`, `disabled`), plus
 * Interject's own per-server settings under the `interject` key of each entry. See README.md for an example.
 */
import { z } from "zod";

export const APPROVAL_MODES = ["unlessReadOnly"] as const;

const toolNames = z.array(z.string().min(1).max(256)).max(1000);
const seconds = z.number().positive().max(86_400);

export const timeoutsSchema = z.strictObject({
  /** Starting the server and the MCP handshake, then listing its tools. Default 30. */
  connectSeconds: seconds.optional(),
  /** A call with no answer and no progress for this long is cancelled. Default 60. */
  callSeconds: seconds.optional(),
  /** No call runs longer than this, progress or not. Default 600. */
  maxCallSeconds: seconds.optional(),
});

export const secretsManagerSourceSchema = z.strictObject({
  /** Secret name or ARN. */
  secretId: z.string().min(1).max(2048),
  /** When the secret is a JSON object: the key holding the client secret. */
  jsonKey: z.string().min(1).max(256).optional(),
  /** Defaults to the region in the secret's ARN, then AWS_REGION. */
  region: z.string().min(1).max(64).optional(),
});

export const oauthAuthSchema = z.strictObject({
  type: z.literal("oauth-client-credentials"),
  tokenUrl: z.url({ protocol: /^https?$/ }),
  clientId: z.string().min(1).max(1024),
  /** `${env:NAME}` only: a literal secret is refused. Exactly one of this and `clientSecretFromSecretsManager`. */
  clientSecret: z.string().min(1).max(4096).optional(),
  clientSecretFromSecretsManager: secretsManagerSourceSchema.optional(),
  scope: z.string().min(1).max(4096).optional(),
  /** How the client authenticates at the token URL. Default client_secret_basic (Cognito accepts both). */
  tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]).optional(),
});

export const sigv4AuthSchema = z.strictObject({
  type: z.literal("sigv4"),
  /** Defaults to the region in an AgentCore Gateway URL, then AWS_REGION. */
  region: z.string().min(1).max(64).optional(),
  /** Defaults to bedrock-agentcore. */
  service: z.string().min(1).max(64).optional(),
});

export const authSchema = z.discriminatedUnion("type", [oauthAuthSchema, sigv4AuthSchema]);

export const interjectSettingsSchema = z.strictObject({
  /** Tools (by the server's own names) that always need approval, or "unlessReadOnly". */
  requireApproval: z.union([z.enum(APPROVAL_MODES), toolNames]).optional(),
  /** Tools (by the server's own names) never shown to the model. */
  disabledTools: toolNames.optional(),
  timeouts: timeoutsSchema.optional(),
  /** Streamable HTTP servers only: how requests are authorised (AgentCore Gateway). */
  auth: authSchema.optional(),
});

const stringMap = z.record(z.string().min(1).max(256), z.string().max(8192));

export const stdioServerSchema = z.strictObject({
  type: z.literal("stdio").optional(),
  command: z.string().min(1).max(4096),
  args: z.array(z.string().max(8192)).max(256).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).max(4096).optional(),
  disabled: z.boolean().optional(),
  interject: interjectSettingsSchema.optional(),
});

export const httpServerSchema = z.strictObject({
  type: z.enum(["http", "streamable-http", "streamableHttp"]).optional(),
  url: z.url({ protocol: /^https?$/ }),
  headers: stringMap.optional(),
  disabled: z.boolean().optional(),
  interject: interjectSettingsSchema.optional(),
});

/** The top level: other keys (a Claude Desktop file's own settings) are left alone. */
export const configFileSchema = z.object({
  mcpServers: z.record(z.string(), z.unknown()),
});

export type StdioServerEntry = z.infer<typeof stdioServerSchema>;
export type HttpServerEntry = z.infer<typeof httpServerSchema>;
export type InterjectSettings = z.infer<typeof interjectSettingsSchema>;
export type AuthEntry = z.infer<typeof authSchema>;

/**
 * Reads and validates the MCP config file (`AGENT_MCP_CONFIG` in the agent) and resolves its `${env:NAME}`
 * references. Every problem is an McpConfigError naming the server and the field; a secret written literally
 * where a credential belongs (an Authorization header, a *_TOKEN variable, the OAuth client secret) is refused.
 */
import { readFile } from "node:fs/promises";
import { AGENTCORE_SERVICE } from "@interject/agentcore-sigv4";
import type { z } from "zod";
import { McpConfigError } from "../errors.ts";
import {
  type AuthEntry,
  configFileSchema,
  type HttpServerEntry,
  httpServerSchema,
  type InterjectSettings,
  type StdioServerEntry,
  stdioServerSchema,
} from "./config-schema.ts";
import { type EnvSource, isSecretEnvName, isSecretHeaderName, resolveReferences } from "./env-reference.ts";
import {
  type ApprovalPolicy,
  DEFAULT_TIMEOUTS,
  type HttpAuth,
  type McpConfig,
  type ServerConfig,
  type Timeouts,
} from "./server-config.ts";

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

export interface LoadOptions {
  /** Where `${env:NAME}` is looked up: the agent passes process.env. */
  env: EnvSource;
}

export async function loadMcpConfigFile(path: string, options: LoadOptions): Promise<McpConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new McpConfigError(`MCP config ${path} cannot be read (${code})`);
  }
  return parseMcpConfig(text, { ...options, source: path });
}

export function parseMcpConfig(text: string, options: LoadOptions & { source?: string }): McpConfig {
  const source = options.source ?? "MCP config";
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new McpConfigError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof json === "object" && json !== null && !("mcpServers" in json) && "servers" in json) {
    throw new McpConfigError(
      `${source} has "servers" (VS Code's key) but no "mcpServers": rename the key to mcpServers`,
      undefined,
      "mcpServers",
    );
  }
  const top = configFileSchema.safeParse(json);
  if (!top.success) throw fromIssues(source, undefined, top.error);
  const servers = Object.entries(top.data.mcpServers).map(([name, entry]) =>
    parseServer(source, name, entry, options.env),
  );
  return { servers, source };
}

function fromIssues(source: string, server: string | undefined, error: z.ZodError): McpConfigError {
  const issue = error.issues[0];
  const path = issue ? issue.path.map(String) : [];
  if (issue?.code === "unrecognized_keys") path.push(issue.keys.join(", "));
  const field = path.join(".") || undefined;
  const where = server === undefined ? source : `${source}: server "${server}"`;
  return new McpConfigError(
    `${where}${field ? `, field ${field}` : ""}: ${issue?.message ?? "invalid"}`,
    server,
    field,
  );
}

function parseServer(source: string, name: string, entry: unknown, env: EnvSource): ServerConfig {
  const fail = (field: string, message: string) =>
    new McpConfigError(`${source}: server "${name}", field ${field}: ${message}`, name, field);
  if (!SERVER_NAME.test(name)) {
    throw fail(
      "name",
      "a server name is 1 to 64 letters, digits, spaces, dots, _ or -, starting with a letter or digit",
    );
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw fail("(entry)", "must be an object");
  }
  const type = (entry as { type?: unknown }).type;
  if (type === "sse") {
    throw fail(
      "type",
      'the SSE transport is deprecated and not supported; use the server\'s Streamable HTTP URL ("type": "http")',
    );
  }
  if ("command" in entry) {
    const parsed = stdioServerSchema.safeParse(entry);
    if (!parsed.success) throw fromIssues(source, name, parsed.error);
    return stdioServer(name, parsed.data, env, fail);
  }
  if ("url" in entry) {
    const parsed = httpServerSchema.safeParse(entry);
    if (!parsed.success) throw fromIssues(source, name, parsed.error);
    return httpServer(name, parsed.data, env, fail);
  }
  throw fail("command", 'needs "command" (a stdio server) or "url" (a Streamable HTTP server)');
}

type Fail = (field: string, message: string) => McpConfigError;

function resolveMap(
  values: Record<string, string>,
  env: EnvSource,
  field: "env" | "headers",
  fail: Fail,
  secrets: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(values)) {
    const resolved = resolveReferences(raw, env);
    if (!resolved.ok) throw fail(`${field}.${key}`, resolved.message);
    const secretName = field === "env" ? isSecretEnvName(key) : isSecretHeaderName(key);
    if (secretName && !resolved.hasReference) {
      const example = field === "env" ? `"\${env:${key}}"` : `"Bearer \${env:MY_TOKEN}"`;
      throw fail(
        `${field}.${key}`,
        `holds a literal value; credentials never go in this file: use a reference such as ${example}`,
      );
    }
    secrets.push(...resolved.secrets);
    out[key] = resolved.value;
  }
  return out;
}

function common(name: string, settings: InterjectSettings | undefined, disabled: boolean | undefined) {
  const listed = new Set(Array.isArray(settings?.requireApproval) ? settings.requireApproval : []);
  const approval: ApprovalPolicy =
    settings?.requireApproval === "unlessReadOnly"
      ? { mode: "unlessReadOnly", tools: listed }
      : { mode: "listed", tools: listed };
  const t = settings?.timeouts;
  const timeouts: Timeouts = {
    connectMs: t?.connectSeconds !== undefined ? t.connectSeconds * 1000 : DEFAULT_TIMEOUTS.connectMs,
    callMs: t?.callSeconds !== undefined ? t.callSeconds * 1000 : DEFAULT_TIMEOUTS.callMs,
    maxCallMs: t?.maxCallSeconds !== undefined ? t.maxCallSeconds * 1000 : DEFAULT_TIMEOUTS.maxCallMs,
  };
  timeouts.maxCallMs = Math.max(timeouts.maxCallMs, timeouts.callMs);
  return {
    name,
    disabled: disabled ?? false,
    approval,
    disabledTools: new Set(settings?.disabledTools ?? []),
    timeouts,
  };
}

function stdioServer(name: string, entry: StdioServerEntry, env: EnvSource, fail: Fail): ServerConfig {
  if (entry.interject?.auth) {
    throw fail(
      "interject.auth",
      "applies to Streamable HTTP servers only (a stdio server gets its credentials from env)",
    );
  }
  const secrets: string[] = [];
  const childEnv = resolveMap(entry.env ?? {}, env, "env", fail, secrets);
  return {
    ...common(name, entry.interject, entry.disabled),
    transport: {
      kind: "stdio",
      command: entry.command,
      args: entry.args ?? [],
      env: childEnv,
      ...(entry.cwd === undefined ? {} : { cwd: entry.cwd }),
    },
    secrets,
  };
}

function httpServer(name: string, entry: HttpServerEntry, env: EnvSource, fail: Fail): ServerConfig {
  const secrets: string[] = [];
  const headers = resolveMap(entry.headers ?? {}, env, "headers", fail, secrets);
  const auth = resolveAuth(entry.interject?.auth, env, fail, secrets);
  if (auth.kind !== "none" && Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) {
    throw fail(
      "headers.Authorization",
      `cannot be combined with interject.auth (${auth.kind}), which sets it`,
    );
  }
  const url = new URL(entry.url);
  const carriesCredentials = auth.kind !== "none" || Object.keys(headers).some(isSecretHeaderName);
  if (carriesCredentials) requireTls(url, "url", fail);
  if (auth.kind === "oauth-client-credentials") requireTls(auth.tokenUrl, "interject.auth.tokenUrl", fail);
  return {
    ...common(name, entry.interject, entry.disabled),
    transport: { kind: "http", url, headers, auth },
    secrets,
  };
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Credentials travel over https only, except to this machine (local servers, tests). */
function requireTls(url: URL, field: string, fail: Fail): void {
  if (url.protocol !== "https:" && !LOOPBACK.has(url.hostname)) {
    throw fail(
      field,
      "must be https: credentials are sent there (plain http is accepted for localhost only)",
    );
  }
}

function resolveAuth(auth: AuthEntry | undefined, env: EnvSource, fail: Fail, secrets: string[]): HttpAuth {
  if (!auth) return { kind: "none" };
  if (auth.type === "sigv4") {
    return {
      kind: "sigv4",
      service: auth.service ?? AGENTCORE_SERVICE,
      ...(auth.region === undefined ? {} : { region: auth.region }),
    };
  }
  const clientId = resolveReferences(auth.clientId, env);
  if (!clientId.ok) throw fail("interject.auth.clientId", clientId.message);
  if ((auth.clientSecret === undefined) === (auth.clientSecretFromSecretsManager === undefined)) {
    throw fail(
      "interject.auth.clientSecret",
      "give exactly one of clientSecret and clientSecretFromSecretsManager",
    );
  }
  let clientSecret: { from: "env"; value: string } | undefined;
  if (auth.clientSecret !== undefined) {
    const resolved = resolveReferences(auth.clientSecret, env);
    if (!resolved.ok) throw fail("interject.auth.clientSecret", resolved.message);
    if (!resolved.hasReference) {
      throw fail(
        "interject.auth.clientSecret",
        `holds a literal value; credentials never go in this file: use "\${env:NAME}" or clientSecretFromSecretsManager`,
      );
    }
    secrets.push(...resolved.secrets);
    clientSecret = { from: "env", value: resolved.value };
  }
  const sm = auth.clientSecretFromSecretsManager;
  return {
    kind: "oauth-client-credentials",
    tokenUrl: new URL(auth.tokenUrl),
    clientId: clientId.value,
    clientSecret: clientSecret ?? {
      from: "secrets-manager",
      secretId: sm?.secretId ?? "",
      ...(sm?.jsonKey === undefined ? {} : { jsonKey: sm.jsonKey }),
      ...(sm?.region === undefined ? {} : { region: sm.region }),
    },
    ...(auth.scope === undefined ? {} : { scope: auth.scope }),
    tokenEndpointAuthMethod: auth.tokenEndpointAuthMethod ?? "client_secret_basic",
  };
}

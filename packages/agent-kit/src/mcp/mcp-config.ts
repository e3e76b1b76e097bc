/**
 * The agent's MCP configuration from its settings: the `mcpServers` file named by AGENT_MCP_CONFIG, plus an
 * AgentCore Gateway described by the AGENT_MCP_GATEWAY_* settings alone (so a deployment wires a Gateway
 * through the container's environment, with no file to ship). Both go through @interject/mcp-tools' parser:
 * the same validation, `${env:NAME}` references and secret rules. A bad config throws McpConfigError, and the
 * agent refuses to start with its message; a server that fails later never stops the agent.
 */
import { readFileSync } from "node:fs";
import { type McpConfig, McpConfigError, parseMcpConfig } from "@interject/mcp-tools";
import type { KitSettings } from "../settings.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** The Gateway's `mcpServers` entry: its secret stays in the environment, referenced, never copied. */
function gatewayEntry(settings: KitSettings): Record<string, unknown> {
  const approval =
    settings.AGENT_MCP_GATEWAY_APPROVAL === "unlessReadOnly" ? { requireApproval: "unlessReadOnly" } : {};
  if (settings.AGENT_MCP_GATEWAY_AUTH === "sigv4") {
    return { url: settings.AGENT_MCP_GATEWAY_URL, interject: { ...approval, auth: { type: "sigv4" } } };
  }
  const secret = settings.AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN
    ? {
        clientSecretFromSecretsManager: {
          secretId: settings.AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN,
          ...(settings.AGENT_MCP_GATEWAY_CLIENT_SECRET_KEY
            ? { jsonKey: settings.AGENT_MCP_GATEWAY_CLIENT_SECRET_KEY }
            : {}),
        },
      }
    : // A reference for @interject/mcp-tools to resolve, not a template of ours.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the config file's ${env:NAME} syntax.
      { clientSecret: "${env:AGENT_MCP_GATEWAY_CLIENT_SECRET}" };
  return {
    url: settings.AGENT_MCP_GATEWAY_URL,
    interject: {
      ...approval,
      auth: {
        type: "oauth-client-credentials",
        tokenUrl: settings.AGENT_MCP_GATEWAY_TOKEN_URL,
        clientId: settings.AGENT_MCP_GATEWAY_CLIENT_ID,
        ...secret,
        ...(settings.AGENT_MCP_GATEWAY_SCOPE ? { scope: settings.AGENT_MCP_GATEWAY_SCOPE } : {}),
      },
    },
  };
}

function readConfigFile(path: string, env: Env): McpConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new McpConfigError(`AGENT_MCP_CONFIG: ${path} cannot be read (${code})`);
  }
  return parseMcpConfig(text, { env, source: path });
}

/** The servers the settings configure, or null when there are none (no file, no Gateway). */
export function mcpConfigFromSettings(settings: KitSettings, env: Env): McpConfig | null {
  const parts: McpConfig[] = [];
  if (settings.AGENT_MCP_CONFIG) parts.push(readConfigFile(settings.AGENT_MCP_CONFIG, env));
  if (settings.AGENT_MCP_GATEWAY_URL) {
    const name = settings.AGENT_MCP_GATEWAY_NAME;
    const text = JSON.stringify({ mcpServers: { [name]: gatewayEntry(settings) } });
    parts.push(parseMcpConfig(text, { env, source: "the AGENT_MCP_GATEWAY_* settings" }));
    if (parts[0]?.servers.some((s) => s.name === name) && parts.length === 2) {
      throw new McpConfigError(
        `AGENT_MCP_CONFIG already has a server named "${name}": set AGENT_MCP_GATEWAY_NAME to another name`,
        name,
      );
    }
  }
  if (parts.length === 0) return null;
  return { servers: parts.flatMap((p) => p.servers), source: parts.map((p) => p.source).join(" and ") };
}

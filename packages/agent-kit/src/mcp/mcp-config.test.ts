/**
 * The agent's MCP configuration from its settings: the AGENT_MCP_CONFIG file, an AgentCore Gateway from the
 * AGENT_MCP_GATEWAY_* settings alone (SigV4, or OAuth with the secret in the environment or Secrets
 * Manager), both together, and the errors that stop the agent at start with the setting named.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { McpConfigError } from "@interject/mcp-tools";
import { SettingsError } from "@interject/settings";
import { describe, expect, it } from "vitest";
import { readKitSettings } from "../settings.ts";
import { mcpConfigFromSettings } from "./mcp-config.ts";

const GATEWAY = "https://my-gateway-abc123.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:gateway-client-AbCdEf";

function configFor(env: Record<string, string>) {
  return mcpConfigFromSettings(readKitSettings(env), env);
}

describe("MCP configuration from the kit's settings", () => {
  it("is null when neither a file nor a Gateway is set", () => {
    expect(configFor({})).toBeNull();
  });

  it("wires a Gateway with SigV4 from its URL alone, every tool needing approval unless read-only", () => {
    const config = configFor({ AGENT_MCP_GATEWAY_URL: GATEWAY });
    expect(config?.servers).toHaveLength(1);
    expect(config?.servers[0]).toMatchObject({
      name: "gateway",
      transport: {
        kind: "http",
        url: new URL(GATEWAY),
        auth: { kind: "sigv4", service: "bedrock-agentcore" },
      },
      approval: { mode: "unlessReadOnly" },
    });
    const annotations = configFor({
      AGENT_MCP_GATEWAY_URL: GATEWAY,
      AGENT_MCP_GATEWAY_APPROVAL: "annotations",
    });
    expect(annotations?.servers[0]?.approval.mode).toBe("listed");
  });

  it("wires a Gateway with OAuth client credentials, the secret from Secrets Manager or the environment", () => {
    const oauth = {
      AGENT_MCP_GATEWAY_URL: GATEWAY,
      AGENT_MCP_GATEWAY_AUTH: "oauth",
      AGENT_MCP_GATEWAY_TOKEN_URL: "https://my-domain.auth.us-east-1.amazoncognito.com/oauth2/token",
      AGENT_MCP_GATEWAY_CLIENT_ID: "client-123",
      AGENT_MCP_GATEWAY_SCOPE: "gateway/invoke",
    };
    const fromArn = configFor({ ...oauth, AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN: SECRET_ARN });
    expect(fromArn?.servers[0]?.transport).toMatchObject({
      auth: {
        kind: "oauth-client-credentials",
        clientId: "client-123",
        scope: "gateway/invoke",
        clientSecret: { from: "secrets-manager", secretId: SECRET_ARN },
      },
    });
    const fromEnv = configFor({ ...oauth, AGENT_MCP_GATEWAY_CLIENT_SECRET: "s3cret-value" });
    expect(fromEnv?.servers[0]?.transport).toMatchObject({
      auth: { clientSecret: { from: "env", value: "s3cret-value" } },
    });
    // The secret is known for redaction, never part of a message or the config's source.
    expect(fromEnv?.servers[0]?.secrets).toContain("s3cret-value");
    expect(fromEnv?.source).not.toContain("s3cret");
  });

  it("refuses an OAuth Gateway without its token URL, client id or exactly one secret, naming the setting", () => {
    const read = (env: Record<string, string>) => () => readKitSettings(env);
    const base = { AGENT_MCP_GATEWAY_URL: GATEWAY, AGENT_MCP_GATEWAY_AUTH: "oauth" };
    expect(read(base)).toThrow(SettingsError);
    expect(read(base)).toThrow(/AGENT_MCP_GATEWAY_TOKEN_URL: is required for oauth/);
    expect(read(base)).toThrow(/AGENT_MCP_GATEWAY_CLIENT_ID: is required for oauth/);
    expect(
      read({
        ...base,
        AGENT_MCP_GATEWAY_TOKEN_URL: "https://idp.example.com/token",
        AGENT_MCP_GATEWAY_CLIENT_ID: "c",
        AGENT_MCP_GATEWAY_CLIENT_SECRET: "s",
        AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN: SECRET_ARN,
      }),
    ).toThrow(/AGENT_MCP_GATEWAY_CLIENT_SECRET: oauth needs exactly one/);
  });

  it("joins the file's servers and the Gateway, refusing one name twice", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kit-mcp-config-"));
    const path = join(dir, "mcp.json");
    await writeFile(path, JSON.stringify({ mcpServers: { files: { command: "files-server" } } }));
    const both = configFor({ AGENT_MCP_CONFIG: path, AGENT_MCP_GATEWAY_URL: GATEWAY });
    expect(both?.servers.map((s) => s.name)).toEqual(["files", "gateway"]);
    expect(() =>
      configFor({ AGENT_MCP_CONFIG: path, AGENT_MCP_GATEWAY_URL: GATEWAY, AGENT_MCP_GATEWAY_NAME: "files" }),
    ).toThrow(/already has a server named "files"/);
  });

  it("names the file when it cannot be read or is invalid", async () => {
    expect(() => configFor({ AGENT_MCP_CONFIG: "/nowhere/mcp.json" })).toThrow(McpConfigError);
    expect(() => configFor({ AGENT_MCP_CONFIG: "/nowhere/mcp.json" })).toThrow(
      /AGENT_MCP_CONFIG: \/nowhere\/mcp.json cannot be read \(ENOENT\)/,
    );
    const dir = await mkdtemp(join(tmpdir(), "kit-mcp-config-"));
    const path = join(dir, "bad.json");
    await writeFile(path, JSON.stringify({ mcpServers: { files: { command: "" } } }));
    expect(() => configFor({ AGENT_MCP_CONFIG: path })).toThrow(/server "files", field command/);
  });
});

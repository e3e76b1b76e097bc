// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config format writes ${env:NAME} in plain JSON strings
/**
 * The config file: the mcpServers format other clients write, Interject's per-server settings, `${env:NAME}`
 * references, and errors that name the server and field, including refusing credentials written literally.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { McpConfigError } from "../errors.ts";
import { loadMcpConfigFile, parseMcpConfig } from "./load-config.ts";

const env = { GW_SECRET: "s3cret-value-123", API_TOKEN: "tok-abcdef", HOME_DIR: "/home/x" };
const parse = (value: unknown) => parseMcpConfig(JSON.stringify(value), { env });

function errorOf(value: unknown): McpConfigError {
  try {
    parse(value);
  } catch (err) {
    if (err instanceof McpConfigError) return err;
    throw err;
  }
  throw new Error("expected an McpConfigError");
}

describe("parseMcpConfig", () => {
  it("reads a Claude Desktop style file with stdio and HTTP servers and resolves references", () => {
    const config = parse({
      globalShortcut: "Ctrl+Space",
      mcpServers: {
        files: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
          env: { GITHUB_TOKEN: "${env:API_TOKEN}", LOG_LEVEL: "debug" },
        },
        remote: {
          type: "http",
          url: "https://mcp.example.com/mcp",
          headers: { Authorization: "Bearer ${env:API_TOKEN}" },
        },
      },
    });
    const [files, remote] = config.servers;
    expect(files?.transport).toEqual({
      kind: "stdio",
      command: "npx",
      args: ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"],
      env: { GITHUB_TOKEN: "tok-abcdef", LOG_LEVEL: "debug" },
    });
    expect(files?.approval).toEqual({ mode: "listed", tools: new Set() });
    expect(files?.timeouts).toEqual({ connectMs: 30_000, callMs: 60_000, maxCallMs: 600_000 });
    expect(remote?.transport).toMatchObject({
      kind: "http",
      headers: { Authorization: "Bearer tok-abcdef" },
      auth: { kind: "none" },
    });
    expect(remote?.secrets).toEqual(["tok-abcdef"]);
  });

  it("reads Interject's settings: approval, disabled tools, timeouts, Gateway auth", () => {
    const config = parse({
      mcpServers: {
        fs: {
          command: "node",
          interject: {
            requireApproval: "unlessReadOnly",
            disabledTools: ["move_file"],
            timeouts: { connectSeconds: 5, callSeconds: 2, maxCallSeconds: 1 },
          },
        },
        listed: { command: "node", interject: { requireApproval: ["write_file"] } },
        gw: {
          url: "https://gw-1.gateway.bedrock-agentcore.us-east-1.amazonaws.com/mcp",
          interject: {
            auth: {
              type: "oauth-client-credentials",
              tokenUrl: "https://auth.example.com/oauth2/token",
              clientId: "abc",
              clientSecret: "${env:GW_SECRET}",
              scope: "gateway/invoke",
            },
          },
        },
        gwsm: {
          url: "https://gw-2.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp",
          interject: {
            auth: {
              type: "oauth-client-credentials",
              tokenUrl: "https://auth.example.com/oauth2/token",
              clientId: "abc",
              clientSecretFromSecretsManager: { secretId: "gw/client", jsonKey: "client_secret" },
            },
          },
        },
        iam: {
          url: "https://gw-3.gateway.bedrock-agentcore.us-west-2.amazonaws.com/mcp",
          interject: { auth: { type: "sigv4" } },
        },
      },
    });
    const [fs, listed, gw, gwsm, iam] = config.servers;
    expect(fs?.approval).toEqual({ mode: "unlessReadOnly", tools: new Set() });
    expect(fs?.disabledTools).toEqual(new Set(["move_file"]));
    // The maximum is never below the per-answer timeout.
    expect(fs?.timeouts).toEqual({ connectMs: 5000, callMs: 2000, maxCallMs: 2000 });
    expect(listed?.approval).toEqual({ mode: "listed", tools: new Set(["write_file"]) });
    expect(gw?.transport).toMatchObject({
      auth: {
        kind: "oauth-client-credentials",
        clientId: "abc",
        clientSecret: { from: "env", value: "s3cret-value-123" },
        scope: "gateway/invoke",
        tokenEndpointAuthMethod: "client_secret_basic",
      },
    });
    expect(gw?.secrets).toEqual(["s3cret-value-123"]);
    expect(gwsm?.transport).toMatchObject({
      auth: { clientSecret: { from: "secrets-manager", secretId: "gw/client", jsonKey: "client_secret" } },
    });
    expect(iam?.transport).toMatchObject({ auth: { kind: "sigv4", service: "bedrock-agentcore" } });
  });

  it("refuses credentials written literally, saying to use a reference", () => {
    const header = errorOf({
      mcpServers: { remote: { url: "https://x.example/mcp", headers: { Authorization: "Bearer abc123" } } },
    });
    expect(header.server).toBe("remote");
    expect(header.field).toBe("headers.Authorization");
    expect(header.message).toMatch(/literal value.*\$\{env:/);
    const apiKey = errorOf({
      mcpServers: { remote: { url: "https://x.example/mcp", headers: { "X-API-Key": "k-1" } } },
    });
    expect(apiKey.field).toBe("headers.X-API-Key");
    const envVar = errorOf({
      mcpServers: { gh: { command: "gh-mcp", env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_x" } } },
    });
    expect(envVar.field).toBe("env.GITHUB_PERSONAL_ACCESS_TOKEN");
    const secret = errorOf({
      mcpServers: {
        gw: {
          url: "https://x.example/mcp",
          interject: {
            auth: {
              type: "oauth-client-credentials",
              tokenUrl: "https://a.example/t",
              clientId: "c",
              clientSecret: "plain",
            },
          },
        },
      },
    });
    expect(secret.field).toBe("interject.auth.clientSecret");
    expect(secret.message).toMatch(/literal/);
  });

  it("names the server and field of every other mistake", () => {
    const cases: Array<[unknown, string, string | RegExp]> = [
      [
        { mcpServers: { a: { command: "x", env: { TOKEN: "${env:MISSING}" } } } },
        "env.TOKEN",
        /MISSING is not set/,
      ],
      [
        { mcpServers: { a: { command: "x", env: { A: "${input:thing}" } } } },
        "env.A",
        /not a supported reference/,
      ],
      [{ mcpServers: { a: { command: "x", argz: [] } } }, "argz", /Unrecognized key/i],
      [{ mcpServers: { a: { command: "" } } }, "command", /too small|>=1/i],
      [{ mcpServers: { a: { url: "ftp://x" } } }, "url", /URL/i],
      [{ mcpServers: { a: { type: "sse", url: "https://x/sse" } } }, "type", /SSE/],
      [{ mcpServers: { a: {} } }, "command", /"command".*"url"/],
      [
        { mcpServers: { a: { command: "x", interject: { requireApproval: "always" } } } },
        "interject.requireApproval",
        /./,
      ],
      [
        { mcpServers: { a: { command: "x", interject: { auth: { type: "sigv4" } } } } },
        "interject.auth",
        /HTTP servers only/,
      ],
      [
        {
          mcpServers: {
            a: {
              url: "https://x/mcp",
              interject: {
                auth: { type: "oauth-client-credentials", tokenUrl: "https://t/x", clientId: "c" },
              },
            },
          },
        },
        "interject.auth.clientSecret",
        /exactly one/,
      ],
      [{ mcpServers: { "bad/name": { command: "x" } } }, "name", /server name/],
      [
        {
          mcpServers: {
            a: { url: "http://mcp.example.com/mcp", headers: { Authorization: "Bearer ${env:API_TOKEN}" } },
          },
        },
        "url",
        /https/,
      ],
      [
        { mcpServers: { a: { url: "http://gw.example.com/mcp", interject: { auth: { type: "sigv4" } } } } },
        "url",
        /https/,
      ],
      [
        {
          mcpServers: {
            a: {
              url: "https://gw.example.com/mcp",
              interject: {
                auth: {
                  type: "oauth-client-credentials",
                  tokenUrl: "http://auth.example.com/token",
                  clientId: "c",
                  clientSecret: "${env:GW_SECRET}",
                },
              },
            },
          },
        },
        "interject.auth.tokenUrl",
        /https/,
      ],
    ];
    for (const [value, field, message] of cases) {
      const err = errorOf(value);
      expect(err.server, JSON.stringify(value)).toBe(
        Object.keys((value as { mcpServers: object }).mcpServers)[0],
      );
      expect(err.field, JSON.stringify(value)).toBe(field);
      expect(err.message, JSON.stringify(value)).toMatch(message);
    }
  });

  it("accepts plain http with credentials to this machine only", () => {
    const config = parse({
      mcpServers: {
        local: { url: "http://127.0.0.1:8000/mcp", headers: { Authorization: "Bearer ${env:API_TOKEN}" } },
        open: { url: "http://mcp.example.com/mcp" },
      },
    });
    expect(config.servers.map((s) => s.name)).toEqual(["local", "open"]);
  });

  it("says what is wrong with the file itself", () => {
    expect(() => parseMcpConfig("{", { env })).toThrow(/not valid JSON/);
    expect(() => parseMcpConfig('{"servers": {}}', { env })).toThrow(/rename the key to mcpServers/);
    expect(() => parseMcpConfig("[]", { env })).toThrow(McpConfigError);
  });

  it("never puts a secret value in an error message", () => {
    const err = errorOf({
      mcpServers: {
        a: { url: "https://x/mcp", headers: { Authorization: "Bearer ${env:API_TOKEN}", Cookie: "c=1" } },
      },
    });
    expect(err.message).not.toContain(env.API_TOKEN);
  });
});

describe("loadMcpConfigFile", () => {
  it("reads the file at a path, and names a missing one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mcp-config-"));
    const path = join(dir, "mcp.json");
    await writeFile(path, JSON.stringify({ mcpServers: { a: { command: "x" } } }));
    const config = await loadMcpConfigFile(path, { env });
    expect(config.source).toBe(path);
    expect(config.servers.map((s) => s.name)).toEqual(["a"]);
    await expect(loadMcpConfigFile(join(dir, "nope.json"), { env })).rejects.toThrow(
      /cannot be read \(ENOENT\)/,
    );
  });
});

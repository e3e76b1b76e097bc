/**
 * An AgentCore Gateway wired to the agent from context: its settings in the runtime's environment (no secret
 * in the template), and exactly the IAM its auth needs on the agent's role: InvokeGateway on that Gateway for
 * SigV4, GetSecretValue on that secret for OAuth. Without the keys nothing of it is there.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "./config.ts";
import { INVOKE_GATEWAY_ACTION, READ_SECRET_ACTION } from "./mcp-gateway.ts";
import {
  actionsOf,
  allStatements,
  BASE_CONTEXT,
  type Resources,
  resourcesOf,
  synthTemplate,
} from "./testing/synth-stack.ts";

const URL = "https://my-gateway-abc123.gateway.bedrock-agentcore.eu-west-1.amazonaws.com/mcp";
const SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway-client-AbCdEf";

function synth(context: Record<string, string>) {
  const { template } = synthTemplate(context);
  const resources = template.toJSON().Resources as Resources;
  const runtimeId = Object.keys(resources).find(
    (k) => resources[k]?.Type === "AWS::BedrockAgentCore::Runtime",
  );
  const runtime = resources[runtimeId ?? ""]?.Properties ?? {};
  const roleId = (runtime.RoleArn as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
  const statements = allStatements(resources);
  const ofRole = statements.filter(({ owner }) =>
    ((resources[owner]?.Properties?.Roles as { Ref: string }[] | undefined) ?? []).some(
      (r) => r.Ref === roleId,
    ),
  );
  return { env: runtime.EnvironmentVariables as Record<string, unknown>, statements, ofRole };
}

const withAction = (list: ReturnType<typeof synth>["statements"], action: string) =>
  list.filter(({ statement }) => actionsOf(statement).includes(action));

describe("an AgentCore Gateway for the agent", () => {
  it("is not wired without mcpGatewayUrl", () => {
    const { env, statements } = synth({});
    expect(Object.keys(env).filter((k) => k.startsWith("AGENT_MCP_"))).toEqual([]);
    expect(withAction(statements, INVOKE_GATEWAY_ACTION)).toEqual([]);
  });

  it("with SigV4: the URL in the agent's environment, InvokeGateway on exactly that Gateway for the agent's role", () => {
    const { env, statements, ofRole } = synth({ mcpGatewayUrl: URL });
    expect(env).toMatchObject({
      AGENT_MCP_GATEWAY_URL: URL,
      AGENT_MCP_GATEWAY_AUTH: "sigv4",
      AGENT_MCP_GATEWAY_APPROVAL: "unlessReadOnly",
    });
    expect(env.AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN).toBeUndefined();
    const invoke = withAction(statements, INVOKE_GATEWAY_ACTION);
    expect(invoke).toHaveLength(1);
    expect(withAction(ofRole, INVOKE_GATEWAY_ACTION)).toEqual(invoke);
    expect(actionsOf(invoke[0]?.statement ?? { Effect: "", Action: [] })).toEqual([INVOKE_GATEWAY_ACTION]);
    expect(resourcesOf(invoke[0]?.statement ?? { Effect: "", Action: [] })).toEqual([
      "arn:aws:bedrock-agentcore:eu-west-1:123456789012:gateway/my-gateway-abc123",
    ]);
    // The agent's role reads no secret for SigV4.
    expect(withAction(ofRole, READ_SECRET_ACTION)).toEqual([]);
  });

  it("with OAuth: token URL, client id and secret ARN in the environment, GetSecretValue on exactly that secret", () => {
    const { env, statements, ofRole } = synth({
      mcpGatewayUrl: URL,
      mcpGatewayAuth: "oauth",
      mcpGatewayTokenUrl: "https://my-domain.auth.eu-west-1.amazoncognito.com/oauth2/token",
      mcpGatewayClientId: "4example2clientid",
      mcpGatewayClientSecretArn: SECRET,
      mcpGatewayClientSecretKey: "client_secret",
      mcpGatewayScope: "my-gateway/invoke",
      mcpGatewayApproval: "annotations",
    });
    expect(env).toMatchObject({
      AGENT_MCP_GATEWAY_URL: URL,
      AGENT_MCP_GATEWAY_AUTH: "oauth",
      AGENT_MCP_GATEWAY_TOKEN_URL: "https://my-domain.auth.eu-west-1.amazoncognito.com/oauth2/token",
      AGENT_MCP_GATEWAY_CLIENT_ID: "4example2clientid",
      AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN: SECRET,
      AGENT_MCP_GATEWAY_CLIENT_SECRET_KEY: "client_secret",
      AGENT_MCP_GATEWAY_SCOPE: "my-gateway/invoke",
      AGENT_MCP_GATEWAY_APPROVAL: "annotations",
    });
    expect(env.AGENT_MCP_GATEWAY_CLIENT_SECRET).toBeUndefined();
    const reads = withAction(ofRole, READ_SECRET_ACTION);
    expect(reads).toHaveLength(1);
    expect(resourcesOf(reads[0]?.statement ?? { Effect: "", Action: [] })).toEqual([SECRET]);
    expect(withAction(statements, INVOKE_GATEWAY_ACTION)).toEqual([]);
  });

  it("refuses what cannot work, naming the context key", () => {
    const key = (ctx: Record<string, string>) => {
      try {
        readConfig((k) => ({ ...BASE_CONTEXT, ...ctx })[k]);
        return undefined;
      } catch (e) {
        if (e instanceof ConfigError) return e.key;
        throw e;
      }
    };
    expect(key({ mcpGatewayUrl: "https://example.com/mcp" })).toBe("mcpGatewayUrl");
    expect(key({ mcpGatewayAuth: "oauth" })).toBe("mcpGatewayAuth");
    expect(key({ mcpGatewayUrl: URL, mcpGatewayAuth: "jwt" })).toBe("mcpGatewayAuth");
    expect(key({ mcpGatewayUrl: URL, mcpGatewayAuth: "oauth" })).toBe("mcpGatewayTokenUrl");
    expect(key({ mcpGatewayUrl: URL, mcpGatewayClientId: "x" })).toBe("mcpGatewayClientId");
    expect(
      key({
        mcpGatewayUrl: URL,
        mcpGatewayAuth: "oauth",
        mcpGatewayTokenUrl: "https://idp.example.com/token",
        mcpGatewayClientId: "c",
        mcpGatewayClientSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gateway_client",
      }),
    ).toBe("mcpGatewayClientSecretArn");
    expect(key({ mcpGatewayUrl: URL, mcpGatewayApproval: "never" })).toBe("mcpGatewayApproval");
    expect(key({ mcpGatewayUrl: URL })).toBeUndefined();
  });
});

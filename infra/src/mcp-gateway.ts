/**
 * Wiring an existing AgentCore Gateway to the agent: its URL and auth settings go into the agent's
 * environment (the AGENT_MCP_GATEWAY_* settings of the agent kit, see apps/agent/README.md), and the agent's
 * execution role gets what that auth needs and nothing more: `bedrock-agentcore:InvokeGateway` on the one
 * Gateway for SigV4 (IAM inbound auth), or `secretsmanager:GetSecretValue` on the one secret holding the
 * OAuth client secret (a JWT authorizer; the client-credentials token comes from the identity provider).
 */
import * as iam from "aws-cdk-lib/aws-iam";

export const INVOKE_GATEWAY_ACTION = "bedrock-agentcore:InvokeGateway";
export const READ_SECRET_ACTION = "secretsmanager:GetSecretValue";

/** `https://<gateway id>.gateway.bedrock-agentcore.<region>.amazonaws.com/mcp` */
export const GATEWAY_URL =
  /^https:\/\/([a-z0-9][a-z0-9-]{0,99})\.gateway\.bedrock-agentcore\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?\/mcp$/;
export const GATEWAY_ARN = /^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\d{12}:gateway\/[a-z0-9-]+$/;
/** A complete secret ARN (with the 6-character suffix Secrets Manager adds), so the grant names one secret. */
export const SECRET_ARN =
  /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;

export type McpGatewayAuth =
  | { kind: "sigv4" }
  | {
      kind: "oauth";
      tokenUrl: string;
      clientId: string;
      clientSecretArn: string;
      clientSecretKey?: string;
      scope?: string;
    };

export interface McpGatewayConfig {
  url: string;
  /** The Gateway's ARN: given, or built from the URL (its id and Region) and the stack's account. */
  arn: string;
  auth: McpGatewayAuth;
  /** `unlessReadOnly` (default): every Gateway tool not marked read-only needs the user's approval. */
  approval: "unlessReadOnly" | "annotations";
}

/** The agent's environment for the Gateway. No secret is in it: the OAuth secret stays in Secrets Manager. */
export function mcpGatewayEnvironment(gateway: McpGatewayConfig): Record<string, string> {
  const env: Record<string, string> = {
    AGENT_MCP_GATEWAY_URL: gateway.url,
    AGENT_MCP_GATEWAY_AUTH: gateway.auth.kind,
    AGENT_MCP_GATEWAY_APPROVAL: gateway.approval,
  };
  if (gateway.auth.kind === "oauth") {
    env.AGENT_MCP_GATEWAY_TOKEN_URL = gateway.auth.tokenUrl;
    env.AGENT_MCP_GATEWAY_CLIENT_ID = gateway.auth.clientId;
    env.AGENT_MCP_GATEWAY_CLIENT_SECRET_ARN = gateway.auth.clientSecretArn;
    if (gateway.auth.clientSecretKey) env.AGENT_MCP_GATEWAY_CLIENT_SECRET_KEY = gateway.auth.clientSecretKey;
    if (gateway.auth.scope) env.AGENT_MCP_GATEWAY_SCOPE = gateway.auth.scope;
  }
  return env;
}

/** What the agent's role needs for the Gateway's auth, on that Gateway or that secret only. */
export function mcpGatewayStatements(gateway: McpGatewayConfig): iam.PolicyStatement[] {
  if (gateway.auth.kind === "sigv4") {
    return [
      new iam.PolicyStatement({
        sid: "InvokeConfiguredGateway",
        actions: [INVOKE_GATEWAY_ACTION],
        resources: [gateway.arn],
      }),
    ];
  }
  return [
    new iam.PolicyStatement({
      sid: "ReadGatewayClientSecret",
      actions: [READ_SECRET_ACTION],
      resources: [gateway.auth.clientSecretArn],
    }),
  ];
}

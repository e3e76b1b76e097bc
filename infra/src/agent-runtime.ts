/**
 * The agent on AgentCore Runtime: the linux/arm64 image from apps/agent/Dockerfile, HTTP protocol (the
 * container serves /ws, /ping and /invocations on 8080), IAM (SigV4) inbound auth so only presigned URLs
 * from the broker get in, public network mode (it needs Bedrock and the broker's public HTTPS URL), and the
 * lifecycle limits. The execution role the construct creates gets exactly one Bedrock permission: stream
 * from the configured model. The ingest token reaches the environment as a CloudFormation dynamic reference
 * to Secrets Manager, resolved at deploy time, so it is never written into the template. With `mcpGatewayUrl`,
 * an AgentCore Gateway's tools join the agent's (mcp-gateway.ts: its settings and the IAM its auth needs).
 */
import { Duration } from "aws-cdk-lib";
import * as agentcore from "aws-cdk-lib/aws-bedrockagentcore";
import type * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { bedrockModelStatements } from "./bedrock-model-access.ts";
import type { InterjectConfig } from "./config.ts";
import { importEcrImage } from "./ecr-image.ts";
import { imageAssetOptions, REPO_ROOT } from "./images.ts";
import { mcpGatewayEnvironment, mcpGatewayStatements } from "./mcp-gateway.ts";
import { novaSonicStatement, voiceEnvironment } from "./nova-sonic-access.ts";

export interface AgentRuntimeProps {
  config: InterjectConfig;
  /** Base URL the agent posts events to and reads history from, e.g. https://chat.example.com */
  brokerUrl: string;
  ingestToken: secretsmanager.ISecret;
}

/** AgentCore runtime names allow letters, digits and underscores only, 48 at most. */
export function runtimeNameFor(stackName: string): string {
  return `${stackName.replace(/[^A-Za-z0-9]/g, "_")}_agent`.slice(0, 48);
}

export class AgentRuntime extends Construct {
  readonly runtime: agentcore.Runtime;

  constructor(scope: Construct, id: string, props: AgentRuntimeProps) {
    super(scope, id);
    const { config } = props;
    let artifact: agentcore.AgentRuntimeArtifact;
    if (config.agentImageUri !== undefined) {
      const image = importEcrImage(this, "Repository", config.agentImageUri);
      artifact = agentcore.AgentRuntimeArtifact.fromEcrRepository(image.repository, image.tag);
    } else {
      artifact = agentcore.AgentRuntimeArtifact.fromAsset(
        REPO_ROOT,
        imageAssetOptions("apps/agent/Dockerfile"),
      );
    }

    this.runtime = new agentcore.Runtime(this, "Runtime", {
      runtimeName: runtimeNameFor(config.stackName),
      description: "Interject agent: WebSocket chat with traces, interrupts and approvals",
      agentRuntimeArtifact: artifact,
      protocolConfiguration: agentcore.ProtocolType.HTTP,
      networkConfiguration: agentcore.RuntimeNetworkConfiguration.usingPublicNetwork(),
      authorizerConfiguration: agentcore.RuntimeAuthorizerConfiguration.usingIAM(),
      lifecycleConfiguration: {
        idleRuntimeSessionTimeout: Duration.seconds(config.sessionIdleSeconds),
        maxLifetime: Duration.seconds(config.maxLifetimeSeconds),
      },
      environmentVariables: {
        AGENT_MODEL: config.agentModel,
        AGENT_BEDROCK_MODEL_ID: config.bedrockModelId,
        AGENT_BEDROCK_REGION: config.region,
        AGENT_SESSION_IDLE_SECONDS: String(config.sessionIdleSeconds),
        BROKER_INGEST_URL: props.brokerUrl,
        BROKER_INGEST_TOKEN: props.ingestToken.secretValue.unsafeUnwrap(),
        // Changing it makes CloudFormation update the runtime, which re-resolves the token (see README, rotation).
        INTERJECT_INGEST_TOKEN_GENERATION: config.ingestTokenGeneration,
        LOG_LEVEL: "info",
        ...(config.mcpGateway ? mcpGatewayEnvironment(config.mcpGateway) : {}),
        ...voiceEnvironment(config.agentVoice, config.novaSonicModelId, config.region),
      },
    });
    for (const statement of bedrockModelStatements(config.bedrockModelId))
      this.runtime.addToRolePolicy(statement);
    if (config.agentVoice === "nova-sonic")
      this.runtime.addToRolePolicy(novaSonicStatement(config.novaSonicModelId));
    if (config.mcpGateway) {
      for (const statement of mcpGatewayStatements(config.mcpGateway))
        this.runtime.addToRolePolicy(statement);
    }
  }
}

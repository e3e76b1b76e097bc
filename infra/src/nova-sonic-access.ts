/**
 * The agent's permission to speak through Amazon Nova Sonic (AGENT_VOICE=nova-sonic): one action,
 * `bedrock:InvokeModelWithBidirectionalStream`, on the one configured speech model in this Region. Nova Sonic
 * has no cross-Region inference profile, so the grant is the foundation model's ARN alone.
 */
import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";

export const NOVA_SONIC_ACTION = "bedrock:InvokeModelWithBidirectionalStream";
/** The current Nova Sonic (v1, amazon.nova-sonic-v1:0, reached its end of life in 2026). */
export const DEFAULT_NOVA_SONIC_MODEL_ID = "amazon.nova-2-sonic-v1:0";

export type AgentVoice = "offline" | "nova-sonic" | "off";
export const AGENT_VOICES: readonly AgentVoice[] = ["offline", "nova-sonic", "off"];

/** The policy statement that lets a role hold a bidirectional stream with exactly this speech model. */
export function novaSonicStatement(modelId: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: "SpeakThroughConfiguredNovaSonic",
    actions: [NOVA_SONIC_ACTION],
    resources: [`arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${modelId}`],
  });
}

/** The agent's voice settings in its runtime environment (the kit's AGENT_VOICE and AGENT_NOVA_SONIC_*). */
export function voiceEnvironment(
  voice: AgentVoice,
  novaSonicModelId: string,
  region: string,
): Record<string, string> {
  if (voice !== "nova-sonic") return { AGENT_VOICE: voice };
  return {
    AGENT_VOICE: voice,
    AGENT_NOVA_SONIC_MODEL_ID: novaSonicModelId,
    AGENT_NOVA_SONIC_REGION: region,
  };
}

/**
 * `grantInvokeWithWebSocketStream`: lets a principal open WebSocket streams to one AgentCore runtime, which is
 * what the broker's presigned URLs are signed for. aws-cdk-lib 2.276.0 has no such method yet (it is proposed
 * in aws/aws-cdk#37508 for #37495); this helper grants the same thing the proposal does, on the runtime ARN
 * and its endpoints (`<arn>/*`), so swapping to `runtime.grantInvokeWithWebSocketStream(grantee)` later
 * changes nothing in the template.
 */

import type { IBedrockAgentRuntime } from "aws-cdk-lib/aws-bedrockagentcore";
import * as iam from "aws-cdk-lib/aws-iam";

export const WEBSOCKET_STREAM_ACTION = "bedrock-agentcore:InvokeAgentRuntimeWithWebSocketStream";

export function grantInvokeWithWebSocketStream(
  runtime: IBedrockAgentRuntime,
  grantee: iam.IGrantable,
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [WEBSOCKET_STREAM_ACTION],
    resourceArns: [runtime.agentRuntimeArn, `${runtime.agentRuntimeArn}/*`],
  });
}

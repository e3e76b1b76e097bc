/**
 * `grantStopRuntimeSession`: lets a principal end sessions of one AgentCore runtime. The broker calls
 * StopRuntimeSession when a sign-out, a disabled account, a password change, a demotion or a deleted
 * conversation makes open agent connections unauthorised: a presigned URL cannot be recalled, so stopping the
 * session (AWS then ends its microVM and sockets) is how an open connection ends. Granted on the runtime ARN and
 * its endpoints (`<arn>/*`), as the WebSocket grant is.
 */
import type { IBedrockAgentRuntime } from "aws-cdk-lib/aws-bedrockagentcore";
import * as iam from "aws-cdk-lib/aws-iam";

export const STOP_SESSION_ACTION = "bedrock-agentcore:StopRuntimeSession";

export function grantStopRuntimeSession(runtime: IBedrockAgentRuntime, grantee: iam.IGrantable): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [STOP_SESSION_ACTION],
    resourceArns: [runtime.agentRuntimeArn, `${runtime.agentRuntimeArn}/*`],
  });
}

/**
 * Agents that run on AgentCore runtimes this stack does not create (`externalRuntimeArns`): teams register
 * them in Interject's console, and the broker then signs WebSocket URLs for them and stops their sessions on
 * revocation, exactly as for the built-in agent. The broker's task role gets those two actions on exactly
 * the listed runtimes and their endpoints (`<arn>/*`; config.ts checks each ARN), nothing wider: an agent
 * registered with an ARN not in the list is refused by AgentCore at the handshake. The broker never calls InvokeAgentRuntime (HTTP): its
 * URLs are for the WebSocket stream only, so that action is not granted.
 */
import * as iam from "aws-cdk-lib/aws-iam";
import { STOP_SESSION_ACTION } from "./session-stop-grant.ts";
import { WEBSOCKET_STREAM_ACTION } from "./websocket-grant.ts";

/** The broker may sign WebSocket URLs for, and stop sessions of, exactly these runtimes (none: no statement). */
export function grantExternalRuntimes(
  arns: readonly string[],
  grantee: iam.IGrantable,
): iam.Grant | undefined {
  if (arns.length === 0) return undefined;
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [WEBSOCKET_STREAM_ACTION, STOP_SESSION_ACTION],
    resourceArns: arns.flatMap((arn) => [arn, `${arn}/*`]),
  });
}

/**
 * Ends runtime sessions whose connections a revocation made unauthorised, with AgentCore's
 * StopRuntimeSession (`@aws-sdk/client-bedrock-agentcore`): a presigned URL cannot be recalled and an open
 * socket does not ask the broker again, so stopping the session is how an open connection ends. In AWS mode
 * the SDK's regional endpoint with the default credential chain; in local mode AGENTCORE_ENDPOINT (the local
 * runtime implements the same REST shape and SigV4 check) with the minter's credentials.
 *
 * Stops run in parallel, each bounded by STOP_TIMEOUT_MS; an unknown or already ended session (404
 * ResourceNotFoundException) counts as done; failures are logged and never fail the caller's request.
 */
import {
  BedrockAgentCoreClient,
  ResourceNotFoundException,
  StopRuntimeSessionCommand,
} from "@aws-sdk/client-bedrock-agentcore";
import type { Logger } from "pino";
import type { Env } from "../env.ts";
import type { AgentCoreCredentials } from "./credentials.ts";

/** Each call's bound, retries included: revocation must reach open connections within 2 s. */
export const STOP_TIMEOUT_MS = 1_500;

export type StopReason =
  | "signed_out"
  | "disabled"
  | "password_changed"
  | "password_reset"
  | "demoted"
  | "conversation_deleted"
  | "user_deleted";

export type StopOutcome = "stopped" | "not_found" | "failed";

export class RuntimeSessionStopper {
  private readonly client: BedrockAgentCoreClient;

  constructor(
    private readonly env: Pick<
      Env,
      "AGENTCORE_ENDPOINT" | "AGENTCORE_RUNTIME_ARN" | "AGENTCORE_QUALIFIER" | "AWS_REGION"
    >,
    credentials: AgentCoreCredentials,
    private readonly log: Logger,
  ) {
    this.client = new BedrockAgentCoreClient({
      region: env.AWS_REGION,
      credentials,
      ...(env.AGENTCORE_ENDPOINT === "aws" ? {} : { endpoint: env.AGENTCORE_ENDPOINT }),
    });
  }

  /** Stops every session given; resolves when each has answered or timed out (never rejects). */
  stop(sessionIds: readonly string[], reason: StopReason): Promise<StopOutcome[]> {
    return Promise.all([...new Set(sessionIds)].map((id) => this.stopOne(id, reason)));
  }

  close(): void {
    this.client.destroy();
  }

  private async stopOne(sessionId: string, reason: StopReason): Promise<StopOutcome> {
    const started = Date.now();
    try {
      await this.client.send(
        new StopRuntimeSessionCommand({
          agentRuntimeArn: this.env.AGENTCORE_RUNTIME_ARN,
          runtimeSessionId: sessionId,
          ...(this.env.AGENTCORE_QUALIFIER ? { qualifier: this.env.AGENTCORE_QUALIFIER } : {}),
        }),
        { abortSignal: AbortSignal.timeout(STOP_TIMEOUT_MS) },
      );
      this.log.info({ sessionId, reason, ms: Date.now() - started }, "runtime session stopped");
      return "stopped";
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        this.log.debug({ sessionId, reason }, "runtime session already ended");
        return "not_found";
      }
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      this.log.warn(
        {
          sessionId,
          reason,
          err: { name: e.name, message: e.message },
          status: e.$metadata?.httpStatusCode,
          ms: Date.now() - started,
        },
        "could not stop a runtime session",
      );
      return "failed";
    }
  }
}

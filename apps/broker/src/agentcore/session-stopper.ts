/**
 * Ends runtime sessions whose connections a revocation made unauthorised, with AgentCore's
 * StopRuntimeSession (`@aws-sdk/client-bedrock-agentcore`): a presigned URL cannot be recalled and an open
 * socket does not ask the broker again, so stopping the session is how an open connection ends. Each session
 * is stopped on its own agent's runtime (ARN, qualifier, Region): in AWS mode through the SDK's endpoint for
 * that Region with the default credential chain; in local mode AGENTCORE_ENDPOINT (the local runtime
 * implements the same REST shape and SigV4 check, for every runtime it serves) with the minter's credentials.
 * One SDK client per Region, made when first needed.
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
import type { AgentTarget } from "../agents/agent-fields.ts";
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
  | "user_deleted"
  | "agent_disabled"
  | "agent_changed";

/** One runtime session to stop, on the runtime its conversation's agent was reached at. */
export interface RuntimeSessionRef {
  sessionId: string;
  target: AgentTarget;
}

export type StopOutcome = "stopped" | "not_found" | "failed";

export class RuntimeSessionStopper {
  private readonly clients = new Map<string, BedrockAgentCoreClient>();

  constructor(
    private readonly env: Pick<Env, "AGENTCORE_ENDPOINT">,
    private readonly credentials: AgentCoreCredentials,
    private readonly log: Logger,
  ) {}

  /** Stops every session given; resolves when each has answered or timed out (never rejects). */
  stop(sessions: readonly RuntimeSessionRef[], reason: StopReason): Promise<StopOutcome[]> {
    const unique = new Map(sessions.map((s) => [`${s.target.runtimeArn} ${s.sessionId}`, s]));
    return Promise.all([...unique.values()].map((s) => this.stopOne(s, reason)));
  }

  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private clientFor(region: string): BedrockAgentCoreClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new BedrockAgentCoreClient({
        region,
        credentials: this.credentials,
        ...(this.env.AGENTCORE_ENDPOINT === "aws" ? {} : { endpoint: this.env.AGENTCORE_ENDPOINT }),
      });
      this.clients.set(region, client);
    }
    return client;
  }

  private async stopOne({ sessionId, target }: RuntimeSessionRef, reason: StopReason): Promise<StopOutcome> {
    const started = Date.now();
    try {
      await this.clientFor(target.region).send(
        new StopRuntimeSessionCommand({
          agentRuntimeArn: target.runtimeArn,
          runtimeSessionId: sessionId,
          ...(target.qualifier ? { qualifier: target.qualifier } : {}),
        }),
        { abortSignal: AbortSignal.timeout(STOP_TIMEOUT_MS) },
      );
      this.log.info(
        { sessionId, runtimeArn: target.runtimeArn, reason, ms: Date.now() - started },
        "runtime session stopped",
      );
      return "stopped";
    } catch (err) {
      if (err instanceof ResourceNotFoundException) {
        this.log.debug({ sessionId, runtimeArn: target.runtimeArn, reason }, "runtime session already ended");
        return "not_found";
      }
      const e = err as Error & { $metadata?: { httpStatusCode?: number } };
      this.log.warn(
        {
          sessionId,
          runtimeArn: target.runtimeArn,
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

/**
 * One tools/call through the SDK client: the caller's signal (abort sends notifications/cancelled), progress
 * (which restarts the call timeout), the server's timeouts, and every way it can end turned into an outcome.
 * Says when the failure means the connection is broken, so the server can be reconnected.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { type CallToolResult, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { Timeouts } from "../config/server-config.ts";
import type { McpLogger } from "../logger.ts";
import { convertCallResult, failedResult } from "../result/tool-result.ts";
import type { McpCallOptions, McpToolResult } from "../tool.ts";
import { describeError, isConnectionFailure } from "./connection-errors.ts";
import type { Redactor } from "./redactor.ts";

export interface CallContext {
  server: string;
  timeouts: Timeouts;
  logger: McpLogger;
  redact: Redactor;
}

export interface CallEnd {
  result: McpToolResult;
  /** Set when the connection itself failed: why (redacted). */
  brokenConnection?: string;
}

export async function runCall(
  client: Client,
  toolName: string,
  input: Record<string, unknown>,
  { signal, onProgress }: McpCallOptions,
  ctx: CallContext,
): Promise<CallEnd> {
  if (signal?.aborted) {
    return {
      result: failedResult("cancelled", `The call to ${toolName} was cancelled before it started.`, 0),
    };
  }
  const started = performance.now();
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const { callMs, maxCallMs } = ctx.timeouts;
  try {
    const result = await client.callTool({ name: toolName, arguments: input }, undefined, {
      ...(signal === undefined ? {} : { signal }),
      onprogress: (p) => {
        try {
          onProgress?.({
            progress: p.progress,
            ...(p.total === undefined ? {} : { total: p.total }),
            ...(p.message === undefined ? {} : { message: p.message }),
          });
        } catch (err) {
          ctx.logger.warn(
            { server: ctx.server, tool: toolName, err: describeError(err) },
            "MCP progress listener threw",
          );
        }
      },
      timeout: callMs,
      resetTimeoutOnProgress: true,
      maxTotalTimeout: maxCallMs,
    });
    if (!("content" in result)) {
      const text = `The MCP server "${ctx.server}" answered ${toolName} in an outdated format.`;
      return { result: failedResult("failed", text, elapsed()) };
    }
    return { result: convertCallResult(result as CallToolResult, elapsed()) };
  } catch (err) {
    const ms = elapsed();
    if (signal?.aborted)
      return { result: failedResult("cancelled", `The call to ${toolName} was cancelled.`, ms) };
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
      const text = `${toolName} on "${ctx.server}" gave no answer in time (${callMs / 1000} s without progress, ${maxCallMs / 1000} s at most); it was cancelled.`;
      return { result: failedResult("timed-out", text, ms) };
    }
    const message = ctx.redact(describeError(err));
    ctx.logger.warn({ server: ctx.server, tool: toolName, err: message }, "MCP tool call failed");
    const result = failedResult(
      "failed",
      `The MCP server "${ctx.server}" could not run ${toolName}: ${message}`,
      ms,
    );
    return isConnectionFailure(err) ? { result, brokenConnection: message } : { result };
  }
}

/**
 * Which calls need the user's approval: the server marks the tool destructive (`destructiveHint: true`); or it
 * does not mark it read-only and the server's config says "unlessReadOnly"; or the config lists the tool.
 * Annotations are the server's own hints: list a tool in the config to be sure, whatever it claims.
 */
import type { ApprovalPolicy } from "./config/server-config.ts";
import type { McpToolAnnotations } from "./tool.ts";

export function needsApproval(
  toolName: string,
  annotations: McpToolAnnotations,
  policy: ApprovalPolicy,
): boolean {
  if (annotations.destructiveHint === true) return true;
  if (policy.tools.has(toolName)) return true;
  return policy.mode === "unlessReadOnly" && annotations.readOnlyHint !== true;
}

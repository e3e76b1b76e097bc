/**
 * A prompt written before its conversation's connection exists (on the new-chat screen, or as an edited
 * message that starts a new branch): kept here, by conversation and branch, until the chat for it sends it.
 * In memory only: a reload never sends it twice.
 */
import type { Versions } from "../api/types.ts";

export interface QueuedPrompt {
  text: string;
  /** The versions of this message, when it is a new version of one (an edit or a retry). */
  versions?: Versions;
}

const queued = new Map<string, QueuedPrompt>();
const key = (conversationId: string, branchId: string | undefined) =>
  `${conversationId}\u0000${branchId ?? ""}`;

/** `branchId` as the chat's URL will name it: undefined for a new conversation's first branch. */
export function queuePrompt(
  conversationId: string,
  branchId: string | undefined,
  prompt: QueuedPrompt,
): void {
  queued.set(key(conversationId, branchId), prompt);
}

export function takeQueuedPrompt(
  conversationId: string,
  branchId: string | undefined,
): QueuedPrompt | undefined {
  const k = key(conversationId, branchId);
  const prompt = queued.get(k);
  queued.delete(k);
  return prompt;
}

/**
 * A branch of a conversation as the chat rebuilds it: its turns (with their status and the versions of each
 * message) and the events up to the same seq for their traces. The branch's own runtime session's events come
 * in pages until they reach its `lastSeq` (the point the live connection resumes after); the turns it
 * inherited from other branches bring their events from those branches' sessions.
 */
import type { History } from "@interject/chat-client";
import type { StreamMessage } from "@interject/protocol";
import { brokerApi } from "../api/broker-api.ts";
import type { Versions } from "../api/types.ts";

const MAX_PAGES = 50;

export interface BranchHistory {
  /** The branch shown (the one asked for, or the one used last); null for a conversation with none. */
  branchId: string | null;
  history: History;
  /** The versions of the message at each place of the branch, in turn order. */
  versions: Versions[];
}

async function eventsOf(conversationId: string, branch: string | undefined, upTo: number) {
  const events: StreamMessage[] = [];
  let after = 0;
  for (let page = 0; page < MAX_PAGES && after < upTo; page++) {
    const batch = await brokerApi.events(conversationId, after, branch);
    const last = batch.events.at(-1);
    if (!last) break;
    events.push(...batch.events);
    after = last.seq;
    upTo = Math.min(upTo, batch.lastSeq);
  }
  return events;
}

export async function loadHistory(conversationId: string, branch?: string): Promise<BranchHistory> {
  const messages = await brokerApi.messages(conversationId, branch);
  const own = messages.branchId ?? undefined;
  const turnIds = new Set(messages.turns.map((t) => t.turnId));
  const others = [...new Set(messages.turns.map((t) => t.branchId))].filter((b) => b !== own);
  const [events, ...inherited] = await Promise.all([
    eventsOf(conversationId, own, messages.lastSeq),
    ...others.map((b) => eventsOf(conversationId, b, Number.MAX_SAFE_INTEGER)),
  ]);
  const inheritedEvents = inherited
    .flat()
    .filter((event) => "turnId" in event && typeof event.turnId === "string" && turnIds.has(event.turnId));
  return {
    branchId: messages.branchId,
    history: { turns: messages.turns, lastSeq: messages.lastSeq, events, inheritedEvents },
    versions: messages.turns.map((t) => t.versions),
  };
}

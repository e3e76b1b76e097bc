/**
 * A conversation's stored history as the chat rebuilds it: the turns (with their status) and the events up
 * to the same seq for their traces. Events come in pages, so they are read until they reach the turns'
 * `lastSeq` (the point the live connection resumes after).
 */
import type { History } from "@interject/chat-client";
import type { StreamMessage } from "@interject/protocol";
import { brokerApi } from "../api/broker-api.ts";

const MAX_PAGES = 50;

export async function loadHistory(conversationId: string): Promise<History> {
  const messages = await brokerApi.messages(conversationId);
  const events: StreamMessage[] = [];
  let after = 0;
  for (let page = 0; page < MAX_PAGES && after < messages.lastSeq; page++) {
    const batch = await brokerApi.events(conversationId, after);
    const last = batch.events.at(-1);
    if (!last) break;
    events.push(...batch.events);
    after = last.seq;
  }
  return { turns: messages.turns, lastSeq: messages.lastSeq, events };
}

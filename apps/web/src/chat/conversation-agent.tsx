/**
 * Which agent a conversation talks to, for the chat's header: its display name, and its protocol level when
 * that is not the full one (a basic agent sends no traces and cannot resume an answer).
 */
import { useQuery } from "@tanstack/react-query";
import { conversationQueries } from "../conversations/conversation-queries.ts";

export function ConversationAgent({ conversationId }: { conversationId: string }) {
  const conversation = useQuery(conversationQueries.summary(conversationId));
  const agent = conversation.data?.agent;
  if (!agent) return null;
  return (
    <span className="conversation-agent" data-level={agent.protocolLevel}>
      <span className="muted">with</span> <strong>{agent.displayName}</strong>
      {agent.protocolLevel === "basic" ? (
        <span className="badge" title="A basic agent: streaming answers, no traces, no resume">
          basic
        </span>
      ) : null}
    </span>
  );
}

/** The chat's header names the conversation's agent, and marks a basic one (no traces, no resume). */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Conversation } from "../api/types.ts";
import { conversationQueries } from "../conversations/conversation-queries.ts";
import { ConversationAgent } from "./conversation-agent.tsx";

afterEach(cleanup);

function show(agent: Conversation["agent"]) {
  const conversation: Conversation = {
    id: "c0ffee00-0000-4000-8000-000000000001",
    title: "Hello",
    sessionId: "5e55e55e-0000-4000-8000-000000000001",
    createdAt: "2026-12-06T10:00:00.000Z",
    updatedAt: "2026-12-06T10:00:00.000Z",
    lastStatus: null,
    pinnedAt: null,
    agent,
  };
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(conversationQueries.summary(conversation.id).queryKey, conversation);
  render(
    <QueryClientProvider client={client}>
      <ConversationAgent conversationId={conversation.id} />
    </QueryClientProvider>,
  );
}

describe("the conversation's agent", () => {
  it("a full agent: its name", () => {
    show({ id: "a1", name: "interject", displayName: "Interject", protocolLevel: "full" });
    expect(screen.getByText("Interject")).toBeTruthy();
    expect(screen.queryByText("basic")).toBeNull();
  });

  it("a basic agent: its name and that it is basic", () => {
    show({ id: "a2", name: "strands", displayName: "Strands chat", protocolLevel: "basic" });
    expect(screen.getByText("Strands chat")).toBeTruthy();
    expect(screen.getByText("basic").getAttribute("title")).toContain("no traces");
  });
});

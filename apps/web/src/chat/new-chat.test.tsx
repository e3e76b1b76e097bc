/**
 * The page after sign-in offers what the chosen agent can take: files (attach, drop, paste) and voice for a
 * full agent; neither for one registered as basic, which reads text only. Switching agents switches them.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { agentQueries } from "../agents/agent-queries.ts";
import type { Agent } from "../api/types.ts";
import { NewChat } from "./new-chat.tsx";

afterEach(cleanup);

const FULL: Agent = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "interject",
  displayName: "Interject",
  description: "The built-in agent",
  protocolLevel: "full",
  isDefault: true,
};
const BASIC: Agent = {
  id: "6c0e6b7e-0000-4000-8000-000000000002",
  name: "strands",
  displayName: "Strands chat",
  description: "The articles' agent",
  protocolLevel: "basic",
  isDefault: false,
};

function show(agents: Agent[]) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(agentQueries.usable().queryKey, agents);
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <NewChat />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const attach = () => screen.queryByRole("button", { name: "Attach files" });
const voice = () => screen.queryByTitle("Start a conversation by talking");

describe("NewChat", () => {
  it("offers files and voice for a full agent, neither for a basic one", async () => {
    show([FULL, BASIC]);
    expect(attach()).not.toBeNull();
    expect(voice()).not.toBeNull();
    await userEvent.selectOptions(screen.getByLabelText("Agent"), BASIC.id);
    expect(attach()).toBeNull();
    expect(voice()).toBeNull();
    await userEvent.selectOptions(screen.getByLabelText("Agent"), FULL.id);
    expect(attach()).not.toBeNull();
  });

  it("offers neither when the default agent is basic", () => {
    show([
      { ...FULL, isDefault: false },
      { ...BASIC, isDefault: true },
    ]);
    expect(attach()).toBeNull();
    expect(voice()).toBeNull();
  });
});

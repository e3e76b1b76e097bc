/**
 * The agent picker: the registry's default preselected (or the first agent when none is usable as default),
 * the chosen agent's description under it, the choice reported by id, and nothing shown with a single agent.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { Agent } from "../api/types.ts";
import { AgentPicker, chosenAgent } from "./agent-picker.tsx";
import { agentQueries } from "./agent-queries.ts";

afterEach(cleanup);

const INTERJECT: Agent = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "interject",
  displayName: "Interject",
  description: "The built-in agent",
  protocolLevel: "full",
  isDefault: false,
};
const SUPPORT: Agent = {
  id: "6c0e6b7e-0000-4000-8000-000000000002",
  name: "support",
  displayName: "Support bot",
  description: "Answers support questions",
  protocolLevel: "basic",
  isDefault: true,
};

function Picker({ picked }: { picked: string[] }) {
  const [value, setValue] = useState<string>();
  return (
    <AgentPicker
      value={value}
      onChange={(id) => {
        picked.push(id);
        setValue(id);
      }}
    />
  );
}

function show(agents: Agent[], picked: string[] = []) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(agentQueries.usable().queryKey, agents);
  render(
    <QueryClientProvider client={client}>
      <Picker picked={picked} />
    </QueryClientProvider>,
  );
}

describe("the agent picker", () => {
  it("preselects the default agent, describes it, and reports the one picked", async () => {
    const user = userEvent.setup();
    const picked: string[] = [];
    show([INTERJECT, SUPPORT], picked);
    const select = screen.getByLabelText("Agent");
    expect((select as HTMLSelectElement).value).toBe(SUPPORT.id);
    expect(screen.getByText("Answers support questions")).toBeTruthy();
    await user.selectOptions(select, "Interject");
    expect(picked).toEqual([INTERJECT.id]);
    expect((select as HTMLSelectElement).value).toBe(INTERJECT.id);
    expect(screen.getByText("The built-in agent")).toBeTruthy();
  });

  it("shows nothing when there is only one agent to talk to", () => {
    show([INTERJECT]);
    expect(screen.queryByLabelText("Agent")).toBeNull();
  });

  it("falls back to the default, then the first, when the chosen agent is no longer offered", () => {
    expect(chosenAgent([INTERJECT, SUPPORT], "gone")?.id).toBe(SUPPORT.id);
    expect(chosenAgent([INTERJECT, { ...SUPPORT, isDefault: false }], undefined)?.id).toBe(INTERJECT.id);
    expect(chosenAgent([], undefined)).toBeUndefined();
  });
});

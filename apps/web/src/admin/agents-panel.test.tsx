/**
 * Admin > Agents as the broker lists the registry: every agent with its runtime, level, who may use it and
 * whether it is enabled, with an edit and a disable/enable button each; a pinned deployment shows it read-only.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { AdminAgent, AdminAgentList } from "../api/types.ts";
import { adminQueries } from "./admin-queries.ts";
import { AgentsPanel } from "./agents-panel.tsx";

afterEach(cleanup);

const BUILT_IN: AdminAgent = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "interject",
  displayName: "Interject",
  description: "The built-in agent",
  runtimeArn: "arn:aws:bedrock-agentcore:us-east-1:000000000000:runtime/interject_local-0000000000",
  qualifier: null,
  region: "us-east-1",
  protocolLevel: "full",
  access: "everyone",
  defaultTraceLevel: "milestones",
  enabled: true,
  isDefault: true,
  builtIn: true,
  createdAt: "2026-12-06T10:00:00.000Z",
  updatedAt: "2026-12-06T10:00:00.000Z",
};

const BASIC: AdminAgent = {
  ...BUILT_IN,
  id: "6c0e6b7e-0000-4000-8000-000000000002",
  name: "strands",
  displayName: "Strands chat",
  description: "",
  runtimeArn: "arn:aws:bedrock-agentcore:eu-west-1:123456789012:runtime/strands-AbCdEf1234",
  qualifier: "DEFAULT",
  region: "eu-west-1",
  protocolLevel: "basic",
  access: "admins",
  enabled: false,
  isDefault: false,
  builtIn: false,
};

function show(list: AdminAgentList) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(adminQueries.agents().queryKey, list);
  render(
    <QueryClientProvider client={client}>
      <AgentsPanel />
    </QueryClientProvider>,
  );
}

const rowOf = (name: string) => {
  const row = document.querySelector(`tr[data-agent="${name}"]`);
  if (!(row instanceof HTMLElement)) throw new Error(`no row for ${name}`);
  return within(row);
};

describe("Admin > Agents", () => {
  it("lists every agent with its runtime, level, who may use it, and a way to edit and disable it", () => {
    show({ agents: [BUILT_IN, BASIC], pinned: false, endpoint: "aws" });
    const builtIn = rowOf("interject");
    expect(builtIn.getByText("default")).toBeTruthy();
    expect(builtIn.getByText("built in")).toBeTruthy();
    expect(builtIn.getByText("full")).toBeTruthy();
    expect(builtIn.getByText("everyone")).toBeTruthy();
    expect(builtIn.getByRole("button", { name: "Disable Interject" })).toBeTruthy();

    const basic = rowOf("strands");
    expect(basic.getByText(BASIC.runtimeArn)).toBeTruthy();
    expect(basic.getByText("eu-west-1, endpoint DEFAULT")).toBeTruthy();
    expect(basic.getByText("basic")).toBeTruthy();
    expect(basic.getByText("administrators")).toBeTruthy();
    expect(basic.getByText("disabled")).toBeTruthy();
    expect(basic.getByRole("button", { name: "Enable Strands chat" })).toBeTruthy();
    expect(basic.getByRole("button", { name: "Edit Strands chat" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Register an agent" })).toBeTruthy();
  });

  it("pinned by the settings: says so, and offers no change", () => {
    show({ agents: [BUILT_IN], pinned: true, endpoint: "aws" });
    expect(screen.getByRole("status").textContent).toContain("INTERJECT_PIN_AGENT");
    expect(screen.queryByRole("button", { name: "Register an agent" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Disable|Edit/ })).toBeNull();
  });
});

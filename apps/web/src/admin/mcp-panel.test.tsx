/**
 * Admin > MCP as the broker describes the agents: servers with their status (a down one with its last error
 * and next try), tools with their annotations, approval and a switch each, a switch not applied yet marked.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { McpPanel } from "./mcp-panel.tsx";
import { type McpAgentView, mcpQueries } from "./mcp-queries.ts";

afterEach(cleanup);

const T = 1_800_000_000_000;
const none = { connecting: 0, connected: 0, down: 0, disabled: 0 };

const VIEW: McpAgentView = {
  agent: "agent",
  instances: 1,
  lastReportAt: new Date(T).toISOString(),
  servers: [
    {
      server: "files",
      transport: "stdio",
      state: "connected",
      since: T,
      toolCount: 2,
      failures: 0,
      serverInfo: { name: "secure-filesystem-server", version: "0.2.0" },
      instances: { ...none, connected: 1 },
    },
    {
      server: "gateway",
      transport: "http",
      state: "down",
      since: T,
      toolCount: 0,
      failures: 3,
      lastError: "HTTP 401 from the token endpoint",
      nextRetryAt: T + 4000,
      instances: { ...none, down: 1 },
    },
  ],
  tools: [
    {
      name: "files__read_text_file",
      server: "files",
      tool: "read_text_file",
      description: "Read the complete contents of a file.",
      annotations: { readOnlyHint: true },
      needsApproval: false,
      enabled: true,
      applied: true,
      listed: true,
      switchedOffAt: null,
    },
    {
      name: "files__write_file",
      server: "files",
      tool: "write_file",
      description: "Create a new file or completely overwrite an existing file.",
      annotations: { title: "Write File", destructiveHint: true },
      needsApproval: true,
      enabled: false,
      applied: false,
      listed: true,
      switchedOffAt: new Date(T).toISOString(),
    },
  ],
};

function show(agents: McpAgentView[]) {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
  client.setQueryData(mcpQueries.overview().queryKey, agents);
  render(
    <QueryClientProvider client={client}>
      <McpPanel />
    </QueryClientProvider>,
  );
}

describe("Admin > MCP", () => {
  it("shows each server's status, a down one with its last error, and each tool with its annotations and switch", () => {
    show([VIEW]);
    const servers = screen.getByRole("region", { name: "MCP servers of agent" });
    const [files, gateway] = within(servers).getAllByRole("row").slice(1);
    expect(files?.textContent).toContain("connected");
    expect(files?.textContent).toContain("secure-filesystem-server 0.2.0");
    expect(gateway?.textContent).toContain("down");
    expect(gateway?.textContent).toContain("HTTP 401 from the token endpoint");
    expect(gateway?.textContent).toContain("3 failed attempts");
    const tools = screen.getByRole("region", { name: "MCP tools of agent" });
    const read = screen.getByRole("switch", { name: "Offer read_text_file of files to the model" });
    const write = screen.getByRole("switch", { name: "Offer write_file of files to the model" });
    expect((read as HTMLInputElement).checked).toBe(true);
    expect((write as HTMLInputElement).checked).toBe(false);
    const writeRow = within(tools)
      .getAllByRole("row")
      .find((r) => r.textContent?.includes("files__write_file"));
    expect(writeRow?.textContent).toContain("destructive");
    expect(writeRow?.textContent).toContain("needs approval");
    expect(writeRow?.textContent).toContain("pending");
    expect(writeRow?.textContent).toContain("Write File");
  });

  it("says how to configure MCP when no agent reports any", () => {
    show([]);
    expect(screen.getByText(/No agent reports MCP servers/)).toBeTruthy();
  });
});

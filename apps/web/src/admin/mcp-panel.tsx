/**
 * Admin > MCP: for every agent that reports MCP servers, the servers with their status and the tools with
 * their annotations and a switch each. The agents report to the broker (at start, on every change and every
 * AGENT_MCP_REPORT_SECONDS); an agent with no live process shows what it last reported.
 */
import { describeApiError } from "../api/api-error.ts";
import { type McpAgentView, useAdminMcp } from "./mcp-queries.ts";
import { McpServerTable } from "./mcp-server-table.tsx";
import { McpToolTable } from "./mcp-tool-table.tsx";

function AgentSection({ view }: { view: McpAgentView }) {
  const headingId = `mcp-agent-${view.agent}`;
  return (
    <section aria-labelledby={headingId} className="mcp-agent">
      <h3 id={headingId}>Agent {view.agent}</h3>
      <p className="muted">
        {view.instances === 0
          ? "No running process reports now; this is what it last reported"
          : `${view.instances} running process${view.instances === 1 ? "" : "es"}`}
        {view.lastReportAt ? ` (last report ${new Date(view.lastReportAt).toLocaleTimeString()})` : ""}.
      </p>
      <h4>Servers</h4>
      <McpServerTable agent={view.agent} servers={view.servers} processes={view.instances} />
      <h4>Tools</h4>
      <McpToolTable agent={view.agent} tools={view.tools} />
    </section>
  );
}

export function McpPanel() {
  const mcp = useAdminMcp();
  return (
    <section aria-labelledby="mcp-heading">
      <h2 id="mcp-heading">MCP servers</h2>
      {mcp.isError ? <p className="form-error">{describeApiError(mcp.error)}</p> : null}
      {mcp.data?.length === 0 ? (
        <p className="muted">
          No agent reports MCP servers. Give an agent an <code>AGENT_MCP_CONFIG</code> file (see the agent's
          README) and a broker to report to.
        </p>
      ) : null}
      {(mcp.data ?? []).map((view) => (
        <AgentSection key={view.agent} view={view} />
      ))}
    </section>
  );
}

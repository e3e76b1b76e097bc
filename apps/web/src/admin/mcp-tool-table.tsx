/**
 * Admin > MCP: one agent's MCP tools with their annotations (the server's own hints) and whether calls need
 * approval, and a switch per tool: switched off, the agent withholds the tool from the model (from its next
 * report, within AGENT_MCP_REPORT_SECONDS); "pending" until every running agent process has applied it.
 */
import { describeApiError } from "../api/api-error.ts";
import { type McpToolView, useSwitchMcpTool } from "./mcp-queries.ts";

function hints(tool: McpToolView): string[] {
  const a = tool.annotations;
  return [
    a.readOnlyHint === true ? "read-only" : null,
    a.destructiveHint === true ? "destructive" : null,
    a.idempotentHint === true ? "idempotent" : null,
    a.openWorldHint === true ? "open world" : null,
  ].filter((h): h is string => h !== null);
}

export function McpToolTable({ agent, tools }: { agent: string; tools: McpToolView[] }) {
  const toggle = useSwitchMcpTool();
  if (tools.length === 0) return <p className="muted">No tools offered.</p>;
  return (
    <>
      {toggle.isError ? <p className="form-error">{describeApiError(toggle.error)}</p> : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable). */}
      <section className="table-scroll" tabIndex={0} aria-label={`MCP tools of ${agent}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Offered</th>
              <th scope="col">Tool</th>
              <th scope="col">Annotations</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {tools.map((tool) => {
              const id = `mcp-${agent}-${tool.server}-${tool.tool}`;
              return (
                <tr
                  key={`${tool.server}/${tool.tool}`}
                  data-tool={tool.name ?? `${tool.server}/${tool.tool}`}
                >
                  <td>
                    <input
                      id={id}
                      type="checkbox"
                      role="switch"
                      aria-checked={tool.enabled}
                      checked={tool.enabled}
                      disabled={toggle.isPending}
                      onChange={(e) =>
                        toggle.mutate({
                          agent,
                          server: tool.server,
                          tool: tool.tool,
                          enabled: e.target.checked,
                        })
                      }
                    />
                    <label className="sr-only" htmlFor={id}>
                      Offer {tool.tool} of {tool.server} to the model
                    </label>{" "}
                    {tool.applied ? null : <span className="badge warn">pending</span>}
                  </td>
                  <th scope="row">
                    <code>{tool.name ?? `${tool.server}__${tool.tool}`}</code>
                    {tool.annotations.title ? <div className="muted">{tool.annotations.title}</div> : null}
                    {tool.listed ? null : <div className="muted">not listed now (server down)</div>}
                  </th>
                  <td>
                    {hints(tool).map((h) => (
                      <span key={h} className={`badge ${h === "destructive" ? "bad" : ""}`}>
                        {h}
                      </span>
                    ))}
                    {tool.needsApproval ? <span className="badge warn">needs approval</span> : null}
                  </td>
                  <td>{tool.description}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** Admin > MCP: one agent's MCP servers with their status (connected, or down with the last error and retry). */
import type { McpServerView } from "./mcp-queries.ts";

const TONE: Record<McpServerView["state"], string> = {
  connected: "good",
  connecting: "warn",
  down: "bad",
  disabled: "",
};

function when(ms: number | undefined): string {
  return ms === undefined ? "" : new Date(ms).toLocaleTimeString();
}

/** "2 of 3 processes" when an agent runs several (one per runtime session on AWS) and they disagree. */
function spread(server: McpServerView, processes: number): string {
  if (processes <= 1) return "";
  const parts = Object.entries(server.instances).filter(([, n]) => n > 0);
  return parts.map(([state, n]) => `${state} on ${n} of ${processes}`).join(", ");
}

export function McpServerTable(props: { agent: string; servers: McpServerView[]; processes: number }) {
  const { agent, servers, processes } = props;
  if (servers.length === 0) return <p className="muted">No MCP servers configured.</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable).
    <section className="table-scroll" tabIndex={0} aria-label={`MCP servers of ${agent}`}>
      <table>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Status</th>
            <th scope="col">Tools</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {servers.map((server) => (
            <tr key={server.server} data-server={server.server} data-state={server.state}>
              <th scope="row">
                {server.server} <span className="muted">({server.transport})</span>
              </th>
              <td>
                <span className={`badge ${TONE[server.state]}`}>{server.state}</span>{" "}
                <span className="muted">since {when(server.since)}</span>
                {spread(server, processes) ? <div className="muted">{spread(server, processes)}</div> : null}
              </td>
              <td>{server.toolCount}</td>
              <td>
                {server.state === "down" ? (
                  <>
                    <div className="mcp-error">{server.lastError ?? "no error given"}</div>
                    <div className="muted">
                      {server.failures} failed attempt{server.failures === 1 ? "" : "s"}
                      {server.nextRetryAt ? `; next try at ${when(server.nextRetryAt)}` : ""}
                    </div>
                  </>
                ) : server.serverInfo ? (
                  <span className="muted">
                    {server.serverInfo.name} {server.serverInfo.version}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * Admin: the agents registry. Every agent with its runtime, protocol level, who may use it and whether it is
 * enabled; register one, edit one, disable or enable it. The broker's problems with a form's fields are shown
 * under those fields; a deployment pinned to one agent by its settings shows the registry read-only.
 */
import { useState } from "react";
import { describeApiError } from "../api/api-error.ts";
import type { AdminAgent } from "../api/types.ts";
import { AgentForm } from "./agent-form.tsx";
import { useAdminAgents, useRegisterAgent, useUpdateAgent } from "./use-admin-agents.ts";

const LEVEL_WORDS: Record<AdminAgent["protocolLevel"], string> = {
  full: "full",
  basic: "basic",
  detect: "detected",
};

export function AgentsPanel() {
  const registry = useAdminAgents();
  const register = useRegisterAgent();
  const update = useUpdateAgent();
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const pinned = registry.data?.pinned === true;
  const agents = registry.data?.agents ?? [];
  const edited = agents.find((a) => a.id === editing);

  return (
    <section aria-labelledby="agents-heading">
      <h2 id="agents-heading">Agents</h2>
      {pinned ? (
        <div className="banner" data-tone="warn" role="status">
          This deployment serves one agent, set by its settings (INTERJECT_PIN_AGENT); the registry cannot be
          changed here.
        </div>
      ) : null}
      {registry.isError ? <p className="form-error">{describeApiError(registry.error)}</p> : null}
      {!pinned && editing === null ? (
        <button type="button" className="button primary" onClick={() => setEditing("new")}>
          Register an agent
        </button>
      ) : null}
      {editing === "new" ? (
        <AgentForm submit={(input) => register.mutateAsync(input)} onDone={() => setEditing(null)} />
      ) : null}
      {edited ? (
        <AgentForm
          key={edited.id}
          agent={edited}
          submit={(patch) => update.mutateAsync({ id: edited.id, patch })}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {update.isError && editing === null ? (
        <p className="form-error" role="alert">
          {describeApiError(update.error)}
        </p>
      ) : null}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling table must be reachable by keyboard (axe scrollable-region-focusable). */}
      <section className="table-scroll" tabIndex={0} aria-label="Agents table">
        <table>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Runtime</th>
              <th scope="col">Protocol</th>
              <th scope="col">Who</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id} data-agent={agent.name}>
                <td>
                  <strong>{agent.displayName}</strong> <span className="muted">({agent.name})</span>
                  {agent.isDefault ? <span className="badge">default</span> : null}
                  {agent.builtIn ? <span className="badge">built in</span> : null}
                  {agent.description ? <div className="muted">{agent.description}</div> : null}
                </td>
                <td>
                  <code className="agent-arn">{agent.runtimeArn}</code>
                  <div className="muted">
                    {agent.region}
                    {agent.qualifier ? `, endpoint ${agent.qualifier}` : ""}
                  </div>
                </td>
                <td>{LEVEL_WORDS[agent.protocolLevel]}</td>
                <td>{agent.access === "admins" ? "administrators" : "everyone"}</td>
                <td>
                  {agent.enabled ? null : <span className="badge bad">disabled</span>}
                  {pinned ? null : (
                    <div className="row">
                      <button type="button" className="button small" onClick={() => setEditing(agent.id)}>
                        Edit <span className="sr-only">{agent.displayName}</span>
                      </button>
                      <button
                        type="button"
                        className="button small"
                        disabled={update.isPending}
                        onClick={() => update.mutate({ id: agent.id, patch: { enabled: !agent.enabled } })}
                      >
                        {agent.enabled ? "Disable" : "Enable"}{" "}
                        <span className="sr-only">{agent.displayName}</span>
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}

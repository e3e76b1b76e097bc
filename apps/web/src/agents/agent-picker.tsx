/**
 * Picks the agent a new conversation talks to, among the agents the caller may use, with the registry's
 * default preselected; its description shows under it. Self-contained (its own query), so any screen that
 * starts conversations can place it: `value` is the chosen agent's id (undefined: the default), `onChange`
 * gets an id. With a single agent there is nothing to pick and it shows nothing.
 */
import type { Agent } from "../api/types.ts";
import { useAgents } from "./use-agents.ts";

export interface AgentPickerProps {
  value: string | undefined;
  onChange: (agentId: string) => void;
  /** Disables the choice (e.g. while the conversation is being created). */
  disabled?: boolean;
}

/** The agent shown as chosen: `value` while it is still offered, else the default, else the first. */
export function chosenAgent(agents: readonly Agent[], value: string | undefined): Agent | undefined {
  return agents.find((a) => a.id === value) ?? agents.find((a) => a.isDefault) ?? agents[0];
}

export function AgentPicker({ value, onChange, disabled = false }: AgentPickerProps) {
  const agents = useAgents();
  const list = agents.data ?? [];
  if (list.length <= 1) return null;
  const chosen = chosenAgent(list, value);
  return (
    <div className="field agent-picker">
      <label htmlFor="agent-picker">Agent</label>
      <select
        id="agent-picker"
        value={chosen?.id ?? ""}
        disabled={disabled}
        aria-describedby={chosen?.description ? "agent-picker-description" : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {list.map((agent) => (
          <option key={agent.id} value={agent.id}>
            {agent.displayName}
          </option>
        ))}
      </select>
      {chosen?.description ? (
        <p id="agent-picker-description" className="muted field-hint">
          {chosen.description}
        </p>
      ) : null}
    </div>
  );
}

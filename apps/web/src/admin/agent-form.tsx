/**
 * Registers an agent, or edits one: its names, its runtime (ARN, endpoint qualifier, Region), the protocol it
 * speaks, who may use it and the trace level users get. What the broker finds wrong comes back per field and
 * is shown under that field; anything else under the form. The built-in agent's runtime is the broker's
 * settings', so it is shown read-only. An edit sends only what changed.
 */
import { type FormEvent, useState } from "react";
import { ApiError, describeApiError } from "../api/api-error.ts";
import type { AdminAgent, AgentInput } from "../api/types.ts";
import { AgentField } from "./agent-field.tsx";

type Level = AdminAgent["protocolLevel"];
type Access = AdminAgent["access"];
type TraceLevel = AdminAgent["defaultTraceLevel"];

export interface AgentFormValues {
  name: string;
  displayName: string;
  description: string;
  runtimeArn: string;
  qualifier: string;
  region: string;
  protocolLevel: Level;
  access: Access;
  defaultTraceLevel: TraceLevel;
  enabled: boolean;
  isDefault: boolean;
}

const EMPTY: AgentFormValues = {
  name: "",
  displayName: "",
  description: "",
  runtimeArn: "",
  qualifier: "",
  region: "",
  protocolLevel: "detect",
  access: "everyone",
  defaultTraceLevel: "milestones",
  enabled: true,
  isDefault: false,
};

const LEVELS: Array<[Level, string]> = [
  ["full", "full: Interject's protocol (traces, resume, approvals)"],
  ["basic", "basic: the AgentCore articles' streaming chat"],
  ["detect", "detect from the first frames"],
];

export function valuesOf(agent: AdminAgent): AgentFormValues {
  return {
    name: agent.name,
    displayName: agent.displayName,
    description: agent.description,
    runtimeArn: agent.runtimeArn,
    qualifier: agent.qualifier ?? "",
    region: agent.region,
    protocolLevel: agent.protocolLevel,
    access: agent.access,
    defaultTraceLevel: agent.defaultTraceLevel,
    enabled: agent.enabled,
    isDefault: agent.isDefault,
  };
}

/** A new agent's fields, the empty optional ones left out (the broker then uses its defaults). */
export function newAgentInput(v: AgentFormValues): AgentInput {
  return {
    name: v.name.trim(),
    displayName: v.displayName.trim(),
    runtimeArn: v.runtimeArn.trim(),
    ...(v.description.trim() ? { description: v.description.trim() } : {}),
    ...(v.qualifier.trim() ? { qualifier: v.qualifier.trim() } : {}),
    ...(v.region.trim() ? { region: v.region.trim() } : {}),
    protocolLevel: v.protocolLevel,
    access: v.access,
    defaultTraceLevel: v.defaultTraceLevel,
    enabled: v.enabled,
    isDefault: v.isDefault,
  };
}

/** Only what changed (an emptied qualifier or Region is sent empty: none, and the ARN's Region). */
export function agentPatch(before: AdminAgent, v: AgentFormValues): Partial<AgentInput> {
  const was = valuesOf(before);
  const patch: Partial<AgentInput> = {};
  for (const key of Object.keys(v) as Array<keyof AgentFormValues>) {
    const value = typeof v[key] === "string" ? (v[key] as string).trim() : v[key];
    if (value !== was[key]) Object.assign(patch, { [key]: value });
  }
  return patch;
}

/**
 * `submit` sends the fields (a new agent's, or an edited agent's changes) and rejects with the broker's
 * ApiError, whose `fields` are shown where they belong.
 */
export type AgentFormProps = { onDone: () => void } & (
  | { agent?: undefined; submit: (input: AgentInput) => Promise<unknown> }
  | { agent: AdminAgent; submit: (patch: Partial<AgentInput>) => Promise<unknown> }
);

const FIELDS = ["name", "displayName", "description", "runtimeArn", "qualifier", "region"] as const;

export function AgentForm(props: AgentFormProps) {
  const { agent, onDone } = props;
  const [values, setValues] = useState<AgentFormValues>(agent ? valuesOf(agent) : EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const fields = error instanceof ApiError ? error.fields : {};
  const shownElsewhere = Object.keys(fields).some((f) =>
    [...FIELDS, "protocolLevel", "access", "defaultTraceLevel"].includes(f),
  );
  const set = <K extends keyof AgentFormValues>(key: K, value: AgentFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const runtimeFromSettings = agent?.builtIn === true;
  const settingsHint = runtimeFromSettings
    ? "Set by the broker's settings (AGENTCORE_RUNTIME_ARN)"
    : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const patch = props.agent ? agentPatch(props.agent, values) : undefined;
    if (patch && Object.keys(patch).length === 0) return onDone();
    setPending(true);
    setError(null);
    try {
      if (props.agent) await props.submit(patch ?? {});
      else await props.submit(newAgentInput(values));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  }

  const text = (
    key: (typeof FIELDS)[number],
    label: string,
    extra: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <AgentField name={key} label={label} problem={fields[key]} {...(hint ? { hint } : {})}>
      <input value={values[key]} onChange={(e) => set(key, e.target.value)} {...extra} />
    </AgentField>
  );

  return (
    <form
      className="agent-form"
      onSubmit={onSubmit}
      aria-label={agent ? `Edit ${agent.displayName}` : "Register an agent"}
      noValidate
    >
      {text("displayName", "Display name", { required: true, maxLength: 100 })}
      {text(
        "name",
        "Short name",
        { required: true, maxLength: 40, spellCheck: false },
        "For the command line, e.g. support-bot",
      )}
      <AgentField name="description" label="Description" problem={fields.description}>
        <textarea rows={2} value={values.description} onChange={(e) => set("description", e.target.value)} />
      </AgentField>
      {text(
        "runtimeArn",
        "Runtime ARN",
        {
          required: !runtimeFromSettings,
          readOnly: runtimeFromSettings,
          spellCheck: false,
          className: "wide-input",
        },
        settingsHint ?? "arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>",
      )}
      {text(
        "qualifier",
        "Endpoint qualifier",
        { readOnly: runtimeFromSettings, spellCheck: false },
        settingsHint ?? "Optional, e.g. DEFAULT",
      )}
      {text(
        "region",
        "Region",
        { readOnly: runtimeFromSettings, spellCheck: false },
        settingsHint ?? "Optional: the ARN's",
      )}
      <AgentField name="protocolLevel" label="Protocol level" problem={fields.protocolLevel}>
        <select value={values.protocolLevel} onChange={(e) => set("protocolLevel", levelOf(e.target.value))}>
          {LEVELS.map(([level, label]) => (
            <option key={level} value={level}>
              {label}
            </option>
          ))}
        </select>
      </AgentField>
      <AgentField name="access" label="Who may use it" problem={fields.access}>
        <select
          value={values.access}
          onChange={(e) => set("access", e.target.value === "admins" ? "admins" : "everyone")}
        >
          <option value="everyone">everyone</option>
          <option value="admins">administrators only</option>
        </select>
      </AgentField>
      <AgentField
        name="defaultTraceLevel"
        label="Users' trace level"
        problem={fields.defaultTraceLevel}
        hint="Administrators always see every trace"
      >
        <select
          value={values.defaultTraceLevel}
          onChange={(e) => set("defaultTraceLevel", e.target.value === "full" ? "full" : "milestones")}
        >
          <option value="milestones">milestones</option>
          <option value="full">full</option>
        </select>
      </AgentField>
      <label className="check">
        <input type="checkbox" checked={values.enabled} onChange={(e) => set("enabled", e.target.checked)} />
        Enabled
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={values.isDefault}
          onChange={(e) => set("isDefault", e.target.checked)}
        />
        Preselected for new conversations
      </label>
      {error && !shownElsewhere ? (
        <p className="form-error" role="alert">
          {describeApiError(error)}
        </p>
      ) : null}
      {shownElsewhere ? (
        <p className="form-error" role="alert">
          Some fields need a change; see the notes under them.
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button primary" disabled={pending}>
          {agent ? "Save changes" : "Register agent"}
        </button>
        <button type="button" className="button ghost" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function levelOf(value: string): Level {
  return value === "full" || value === "basic" ? value : "detect";
}

/**
 * One labelled field of the agent form with the broker's problem for it shown under it (and tied to it for
 * screen readers with aria-invalid and aria-describedby), plus an optional hint.
 */
import type { ReactElement } from "react";
import { cloneElement } from "react";

export interface AgentFieldProps {
  /** The field's name in the broker's API, also its element id (`agent-<name>`). */
  name: string;
  label: string;
  /** What the broker said is wrong with it, if anything. */
  problem: string | undefined;
  hint?: string;
  /** The input, select or textarea; it gets the id and the ARIA attributes. */
  children: ReactElement<Record<string, unknown>>;
}

export function AgentField({ name, label, problem, hint, children }: AgentFieldProps) {
  const id = `agent-${name}`;
  const described = [problem ? `${id}-problem` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, {
        id,
        "aria-invalid": problem ? true : undefined,
        "aria-describedby": described || undefined,
      })}
      {hint ? (
        <span id={`${id}-hint`} className="muted field-hint">
          {hint}
        </span>
      ) : null}
      {problem ? (
        <span id={`${id}-problem`} className="form-error field-hint">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

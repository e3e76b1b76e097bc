/**
 * A field that sets a new password: the broker's rule as its hint, and what is wrong with the value (once
 * the form was submitted) as its error, both tied to the input for screen readers.
 */
import { useId } from "react";
import { describePasswordRule, type PasswordRule } from "./password-rule.ts";

export function NewPasswordInput(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rule: PasswordRule | undefined;
  /** Shown under the field; null when the value fits (or the form was not submitted yet). */
  problem: string | null;
}) {
  const { label, value, onChange, rule, problem } = props;
  const id = useId();
  const describedBy = [rule ? `${id}-hint` : null, problem ? `${id}-problem` : null].filter(Boolean);
  return (
    <div className="field">
      <label>
        {label}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={value}
          aria-invalid={problem !== null}
          aria-describedby={describedBy.length > 0 ? describedBy.join(" ") : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {rule ? (
        <span id={`${id}-hint`} className="muted field-hint">
          {describePasswordRule(rule)}
        </span>
      ) : null}
      {problem ? (
        <span id={`${id}-problem`} className="form-error field-hint" role="alert">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

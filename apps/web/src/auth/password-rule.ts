/**
 * The password rule as the broker states it (`GET /api/auth/config` → `password`, owned by the broker's
 * auth/passwords.ts): every form that sets a password shows it and checks it before sending, so no form can
 * ask for more or less than the API accepts. Characters are counted as the broker counts them (code points,
 * not UTF-16 units), which is why the forms check in script rather than with `minLength`.
 */
import type { AuthConfig } from "../api/types.ts";
import { useAuthConfig } from "./use-auth.ts";

export type PasswordRule = AuthConfig["password"];

/** The rule in words, for the field's hint. */
export function describePasswordRule(rule: PasswordRule): string {
  return `Use ${rule.minChars} to ${rule.maxChars} characters; a long passphrase is best.`;
}

/** What is wrong with a new password under the rule, in words, or null when it fits. */
export function passwordRuleProblem(password: string, rule: PasswordRule): string | null {
  const chars = [...password].length;
  if (chars < rule.minChars) return `Use at least ${rule.minChars} characters (this one has ${chars}).`;
  if (chars > rule.maxChars) return `Use at most ${rule.maxChars} characters (this one has ${chars}).`;
  return null;
}

/** The broker's rule, once the sign-in options have loaded. */
export function usePasswordRule(): PasswordRule | undefined {
  return useAuthConfig().data?.password;
}

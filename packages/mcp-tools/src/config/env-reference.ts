/**
 * `${env:NAME}` references: how secrets reach the config without being written in it. A value may hold
 * references among literal text ("Bearer ${env:GATEWAY_TOKEN}"); nothing else in `${...}` is accepted, so a
 * typo or another client's syntax (`${input:...}`, `${NAME}`) fails loudly instead of being sent verbatim.
 */

const REFERENCE = /\$\{([^}]*)\}/g;
const ENV_NAME = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

export type EnvSource = Readonly<Record<string, string | undefined>>;

export type ResolveResult =
  | { ok: true; value: string; hasReference: boolean; secrets: string[] }
  | { ok: false; message: string };

/** Replaces every `${env:NAME}` in `raw` from `env`; the resolved values are returned as secrets to redact. */
export function resolveReferences(raw: string, env: EnvSource): ResolveResult {
  const secrets: string[] = [];
  let failure: string | undefined;
  let hasReference = false;
  const value = raw.replace(REFERENCE, (_whole, inner: string) => {
    const match = ENV_NAME.exec(inner);
    if (!match?.[1]) {
      failure ??= `"\${${inner}}" is not a supported reference; write \${env:NAME}`;
      return "";
    }
    hasReference = true;
    const resolved = env[match[1]];
    if (resolved === undefined || resolved === "") {
      failure ??= `environment variable ${match[1]} is not set`;
      return "";
    }
    secrets.push(resolved);
    return resolved;
  });
  if (failure !== undefined) return { ok: false, message: failure };
  return { ok: true, value, hasReference, secrets };
}

const SECRET_HEADER =
  /(^|-)(authorization|api-?key|key|token|secret|cookie|password|credentials?|session)(-|$)/i;
const SECRET_ENV =
  /(^|_)(token|secret|password|passwd|api_?key|access_?key|private_?key|credentials?|auth)(_|$)/i;

/** Headers that carry credentials by their name: their value must come from a reference. */
export function isSecretHeaderName(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/** Environment variables that carry credentials by their name: their value must come from a reference. */
export function isSecretEnvName(name: string): boolean {
  return SECRET_ENV.test(name);
}

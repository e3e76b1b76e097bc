/**
 * Removes a server's secrets (every value its `${env:...}` references resolved to, and tokens it was given)
 * from texts that leave this package: error messages, statuses, log lines, a child's stderr.
 */
const MIN_SECRET_LENGTH = 4;

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly string[]): Redactor {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const value of values) out = out.split(value).join("[redacted]");
    return out;
  };
}

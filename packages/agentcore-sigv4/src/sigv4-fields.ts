/** Parses the SigV4 fields a request carries (credential scope, date, Authorization header). */

export interface Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

export interface AuthorizationHeader {
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
}

/** AKID/YYYYMMDD/region/service/aws4_request */
export function parseCredential(value: string): Scope | undefined {
  const parts = value.split("/");
  if (parts.length !== 5) return undefined;
  const [accessKeyId = "", date = "", region = "", service = "", terminator = ""] = parts;
  if (!/^[A-Za-z0-9]{1,128}$/.test(accessKeyId) || !/^\d{8}$/.test(date) || terminator !== "aws4_request") {
    return undefined;
  }
  if (region.length === 0 || service.length === 0) return undefined;
  return { accessKeyId, date, region, service };
}

/** YYYYMMDDTHHMMSSZ -> Date, or undefined when it is not exactly that. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject values Date.UTC silently rolls over (month 13, second 61, ...).
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || date.getUTCHours() !== h) return undefined;
  if (date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s) return undefined;
  return date;
}

/** "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." */
export function parseAuthorization(value: string): AuthorizationHeader | undefined {
  const space = value.indexOf(" ");
  if (space === -1) return undefined;
  const algorithm = value.slice(0, space);
  const fields = new Map<string, string>();
  for (const part of value.slice(space + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1) return undefined;
    const key = part.slice(0, eq).trim();
    if (fields.has(key)) return undefined;
    fields.set(key, part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential");
  const signedHeaders = fields.get("SignedHeaders");
  const signature = fields.get("Signature");
  if (fields.size !== 3 || !credential || !signedHeaders || !signature) return undefined;
  return { algorithm, credential, signedHeaders, signature };
}

/** "host;x-amz-date": lower-case, sorted, unique, non-empty. */
export function parseSignedHeaders(value: string): string[] | undefined {
  const names = value.split(";");
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? "";
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) return undefined;
    if (i > 0 && (names[i - 1] ?? "") >= name) return undefined;
  }
  return names;
}

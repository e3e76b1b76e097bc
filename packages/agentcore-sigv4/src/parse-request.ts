/** Splits a received request into the pieces SigV4 signs, decoding strictly (bad escapes are rejected). */

export type QueryPairs = Array<[string, string]>;

export class MalformedRequestError extends Error {}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new MalformedRequestError("the query string has an invalid percent-escape");
  }
}

export function splitTarget(url: string): { path: string; query: QueryPairs } {
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const raw = q === -1 ? "" : url.slice(q + 1);
  const query: QueryPairs = [];
  if (raw.length > 0) {
    for (const piece of raw.split("&")) {
      if (piece.length === 0) continue;
      const eq = piece.indexOf("=");
      const key = decode(eq === -1 ? piece : piece.slice(0, eq));
      const value = eq === -1 ? "" : decode(piece.slice(eq + 1));
      query.push([key, value]);
    }
  }
  if (!path.startsWith("/")) throw new MalformedRequestError("the request target must start with /");
  return { path, query };
}

/** Query pairs as smithy's HttpRequest wants them: repeated keys become arrays. */
export function toSmithyQuery(pairs: QueryPairs): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [k, v] of pairs) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Lower-cased header map; repeated headers are joined with "," after trimming each (SigV4's rule). */
export function normalizeHeaders(
  headers: Record<string, string | string[] | undefined>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const joined = Array.isArray(value) ? value.map((v) => v.trim()).join(",") : value;
    const key = name.toLowerCase();
    const prev = out.get(key);
    out.set(key, prev === undefined ? joined : `${prev},${joined.trim()}`);
  }
  return out;
}

/** For services that do not normalise (S3 style): escape each byte of the decoded path except "/". */
export function singleEncodedPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // keep the raw bytes: they are what was signed
  }
  return decoded
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join("/");
}

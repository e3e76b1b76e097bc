/** Reads AWS's SigV4 test suite (../shared/vectors/aws-sigv4, from awslabs/aws-c-auth) into request objects. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `../shared/vectors/aws-sigv4` next to the repository, or SIGV4_VECTORS_DIR. */
export const VECTORS_DIR =
  process.env.SIGV4_VECTORS_DIR ??
  fileURLToPath(new URL("../../../../shared/vectors/aws-sigv4", import.meta.url));

export interface VectorContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  expiration_in_seconds: number;
  normalize: boolean;
  region: string;
  service: string;
  timestamp: string;
  omit_session_token?: boolean;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[]>;
  body: string | undefined;
}

export interface Vector {
  name: string;
  context: VectorContext;
  request: RawRequest;
  querySigned: RawRequest;
  headerSigned: RawRequest;
  querySignature: string;
  headerSignature: string;
}

/** Parses "METHOD target HTTP/1.1\nName:value\n (continuation)\n\nbody" (header lines may repeat). */
export function parseRawRequest(text: string): RawRequest {
  const blank = text.indexOf("\n\n");
  const head = blank === -1 ? text : text.slice(0, blank);
  const rest = blank === -1 ? "" : text.slice(blank + 2);
  const [requestLine = "", ...lines] = head.split("\n");
  const m = /^(\S+) (.*) HTTP\/1\.1$/.exec(requestLine);
  if (!m) throw new Error(`bad request line: ${requestLine}`);
  const fields: Array<[string, string]> = [];
  for (const line of lines) {
    if (line.length === 0) continue;
    if (/^\s/.test(line) && fields.length > 0) {
      const last = fields[fields.length - 1] as [string, string];
      last[1] = `${last[1]}\n${line}`;
      continue;
    }
    const colon = line.indexOf(":");
    fields.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of fields) {
    const prev = headers[name];
    headers[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return {
    method: m[1] ?? "",
    url: m[2] ?? "",
    headers,
    body: rest.trim().length > 0 ? rest.replace(/\n+$/, "") : undefined,
  };
}

export function loadVectors(): Vector[] {
  if (!existsSync(VECTORS_DIR)) throw new Error(`SigV4 vectors not found at ${VECTORS_DIR}`);
  return readdirSync(VECTORS_DIR)
    .sort()
    .map((name) => {
      const read = (f: string) => readFileSync(join(VECTORS_DIR, name, f), "utf8");
      return {
        name,
        context: JSON.parse(read("context.json")) as VectorContext,
        request: parseRawRequest(read("request.txt")),
        querySigned: parseRawRequest(read("query-signed-request.txt")),
        headerSigned: parseRawRequest(read("header-signed-request.txt")),
        querySignature: read("query-signature.txt").trim(),
        headerSignature: read("header-signature.txt").trim(),
      };
    });
}

/**
 * Keeps what a long-lived smithy SignatureV4 recomputes on every signature although its inputs rarely change:
 * the derived signing key (per day, region, service and credentials), the formatted date (per second) and the
 * canonical path (per path). Each result is still made by smithy's own method, on first use; the wrappers only
 * return it again while the inputs are the same. Together about 3 us of a 14 us presign.
 *
 * getSigningKey and getCanonicalPath are private in smithy's types (formatDate is protected); TypeScript lets
 * element access reach them. If a smithy release drops or renames one, its wrapper is simply not installed
 * (signing stays correct, only slower), and a test that checks all three are installed fails.
 */
import type { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, DateInput } from "@smithy/types";

type GetSigningKey = (
  credentials: AwsCredentialIdentity,
  region: string,
  shortDate: string,
  service?: string,
) => Promise<Uint8Array>;
type FormatDate = (now: DateInput) => { longDate: string; shortDate: string };
type GetCanonicalPath = (request: { path: string }) => string;

/** How many canonical paths a signer keeps (a presigner signs a few runtime paths). */
const MAX_PATHS = 256;

/** Installs the memos; returns the names of the smithy methods it could wrap. */
export function keepRepeatedWork(signer: SignatureV4): string[] {
  return [
    keepLastSigningKey(signer) && "getSigningKey",
    keepLastDate(signer) && "formatDate",
    keepCanonicalPaths(signer) && "getCanonicalPath",
  ].filter((name): name is string => typeof name === "string");
}

/**
 * Smithy looks its derived key up on every signature: an HMAC of the secret to name it, a 100-character cache
 * key (more with a session token), a lookup. The key depends on the day, region, service and secret only.
 */
function keepLastSigningKey(signer: SignatureV4): boolean {
  // biome-ignore lint/complexity/useLiteralKeys: private in smithy's types; TypeScript allows element access
  const derive: unknown = signer["getSigningKey"];
  if (typeof derive !== "function") return false;
  let last:
    | {
        accessKeyId: string;
        secretAccessKey: string;
        sessionToken: string | undefined;
        region: string;
        shortDate: string;
        service: string | undefined;
        key: Promise<Uint8Array>;
      }
    | undefined;
  const kept: GetSigningKey = (credentials, region, shortDate, service) => {
    if (
      last !== undefined &&
      last.shortDate === shortDate &&
      last.secretAccessKey === credentials.secretAccessKey &&
      last.accessKeyId === credentials.accessKeyId &&
      last.sessionToken === credentials.sessionToken &&
      last.region === region &&
      last.service === service
    ) {
      return last.key;
    }
    const key = (derive as GetSigningKey).call(signer, credentials, region, shortDate, service);
    const entry = {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      region,
      shortDate,
      service,
      key,
    };
    last = entry;
    key.catch(() => {
      if (last === entry) last = undefined; // never keep a failure
    });
    return key;
  };
  // biome-ignore lint/complexity/useLiteralKeys: as above
  signer["getSigningKey"] = kept;
  return true;
}

/** X-Amz-Date has whole seconds: smithy's ISO formatting and two regex replaces give the same for a second. */
function keepLastDate(signer: SignatureV4): boolean {
  // biome-ignore lint/complexity/useLiteralKeys: protected in smithy's types; TypeScript allows element access
  const format: unknown = signer["formatDate"];
  if (typeof format !== "function") return false;
  let lastSecond = Number.NaN;
  let lastFormatted: ReturnType<FormatDate> | undefined;
  const kept: FormatDate = (now) => {
    if (!(now instanceof Date)) return (format as FormatDate).call(signer, now);
    const second = Math.floor(now.getTime() / 1000); // NaN for an invalid date: never equal, so smithy throws
    if (second === lastSecond && lastFormatted !== undefined) return { ...lastFormatted };
    const formatted = (format as FormatDate).call(signer, now);
    lastSecond = second;
    lastFormatted = { ...formatted };
    return formatted;
  };
  // biome-ignore lint/complexity/useLiteralKeys: as above
  signer["formatDate"] = kept;
  return true;
}

/** The canonical path (normalised, double-encoded) depends only on the request path and the signer. */
function keepCanonicalPaths(signer: SignatureV4): boolean {
  // biome-ignore lint/complexity/useLiteralKeys: private in smithy's types; TypeScript allows element access
  const canonical: unknown = signer["getCanonicalPath"];
  if (typeof canonical !== "function") return false;
  const paths = new Map<string, string>();
  const kept: GetCanonicalPath = (request) => {
    const path = request.path;
    let result = paths.get(path);
    if (result === undefined) {
      result = (canonical as GetCanonicalPath).call(signer, request);
      if (typeof path !== "string") return result;
      if (paths.size >= MAX_PATHS) paths.clear();
      paths.set(path, result);
    }
    return result;
  };
  // biome-ignore lint/complexity/useLiteralKeys: as above
  signer["getCanonicalPath"] = kept;
  return true;
}

/**
 * Verifies a SigV4-signed AgentCore request (presigned query or Authorization header) the way AWS does:
 * the canonical request is rebuilt from what was received and signed again with @smithy/signature-v4 using
 * the stored secret; the two signatures are compared in constant time. Every rejection has a typed reason.
 */
import { timingSafeEqual } from "node:crypto";
import { HttpRequest } from "@smithy/protocol-http";
import {
  AGENTCORE_SERVICE,
  ALGORITHM,
  MAX_EXPIRES_SECONDS,
  MAX_SKEW_MS,
  SESSION_ID_PARAM,
} from "./constants.ts";
import {
  MalformedRequestError,
  normalizeHeaders,
  type QueryPairs,
  singleEncodedPath,
  splitTarget,
  toSmithyQuery,
} from "./parse-request.ts";
import {
  parseAmzDate,
  parseAuthorization,
  parseCredential,
  parseSignedHeaders,
  type Scope,
} from "./sigv4-fields.ts";
import { createSmithySigner } from "./smithy-signer.ts";
import type {
  StoredCredential,
  VerifyFailure,
  VerifyFailureReason,
  VerifyOptions,
  VerifyRequest,
  VerifyResult,
} from "./verify-types.ts";

const SIG = "X-Amz-Signature";
const TOKEN = "X-Amz-Security-Token";

function fail(reason: VerifyFailureReason, message: string): VerifyFailure {
  return { ok: false, reason, message };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  // Lengths are not secret (a signature is always 64 hex characters); contents are compared in constant time.
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Common {
  ok: true;
  scope: Scope;
  signedAt: Date;
  signedHeaders: string[];
  stored: StoredCredential;
}

/** Checks shared by both forms: scope, service, region, signed headers, key, session token. */
function checkCommon(
  credential: string,
  amzDate: string,
  signedHeaderList: string,
  receivedToken: string | undefined,
  headers: Map<string, string>,
  opts: VerifyOptions,
): Common | VerifyFailure {
  const scope = parseCredential(credential);
  if (!scope)
    return fail(
      "malformed-credential",
      "Credential must be <key id>/<yyyymmdd>/<region>/<service>/aws4_request",
    );
  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) return fail("malformed-date", "X-Amz-Date must be in the form yyyyMMddTHHmmssZ");
  if (amzDate.slice(0, 8) !== scope.date) {
    return fail("scope-date-mismatch", "the credential scope date does not match X-Amz-Date");
  }
  const service = opts.service ?? AGENTCORE_SERVICE;
  if (scope.service !== service) {
    return fail("wrong-service", `credential should be scoped to correct service: '${service}'`);
  }
  if (opts.region !== undefined && scope.region !== opts.region) {
    return fail("wrong-region", `credential should be scoped to a valid region: '${opts.region}'`);
  }
  const signedHeaders = parseSignedHeaders(signedHeaderList);
  if (!signedHeaders)
    return fail("malformed-signed-headers", "SignedHeaders must be lower-case, sorted and unique");
  if (!signedHeaders.includes("host")) return fail("host-not-signed", "the host header must be signed");
  for (const name of signedHeaders) {
    if (!headers.has(name))
      return fail("signed-header-missing", `signed header '${name}' is not in the request`);
  }
  const stored = opts.credentials(scope.accessKeyId);
  if (!stored) return fail("unknown-access-key", "The security token included in the request is invalid.");
  const expected = stored.sessionToken;
  if (
    expected === undefined
      ? receivedToken !== undefined
      : receivedToken === undefined || !safeEqual(receivedToken, expected)
  ) {
    return fail("session-token-mismatch", "The security token included in the request is invalid.");
  }
  return { ok: true, scope, signedAt, signedHeaders, stored };
}

function signedHeaderValues(headers: Map<string, string>, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = headers.get(name) ?? "";
  return out;
}

function signerFor(
  scope: Scope,
  secretAccessKey: string,
  sessionToken: string | undefined,
  opts: VerifyOptions,
) {
  return createSmithySigner({
    credentials: {
      accessKeyId: scope.accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined ? {} : { sessionToken }),
    },
    region: scope.region,
    service: scope.service,
    uriEscapePath: opts.normalizePath !== false,
  });
}

function smithyPath(path: string, opts: VerifyOptions): string {
  return opts.normalizePath === false ? singleEncodedPath(path) : path;
}

function hostParts(host: string): { hostname: string } {
  return { hostname: host.replace(/:\d+$/, "") };
}

async function verifyQuery(
  req: VerifyRequest,
  path: string,
  query: QueryPairs,
  headers: Map<string, string>,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  const single = new Map<string, string>();
  for (const [k, v] of query) {
    if (k.startsWith("X-Amz-")) {
      if (single.has(k)) return fail("malformed-request", `query parameter ${k} appears twice`);
      single.set(k, v);
    }
  }
  const algorithm = single.get("X-Amz-Algorithm");
  if (algorithm !== ALGORITHM) return fail("unsupported-algorithm", `X-Amz-Algorithm must be ${ALGORITHM}`);
  const signature = single.get(SIG) ?? "";
  const credential = single.get("X-Amz-Credential") ?? "";
  const amzDate = single.get("X-Amz-Date") ?? "";
  const expiresRaw = single.get("X-Amz-Expires") ?? "";
  const common = checkCommon(
    credential,
    amzDate,
    single.get("X-Amz-SignedHeaders") ?? "",
    single.get(TOKEN),
    headers,
    opts,
  );
  if (!common.ok) return common;
  const { scope, signedAt, signedHeaders, stored } = common;
  if (!/^[1-9]\d{0,6}$/.test(expiresRaw))
    return fail("malformed-expires", "X-Amz-Expires must be a positive whole number");
  const expiresIn = Number(expiresRaw);
  const max = opts.maxExpiresIn ?? MAX_EXPIRES_SECONDS;
  if (expiresIn > max) return fail("expires-too-long", `X-Amz-Expires must be at most ${max} seconds`);
  const now = (opts.now ?? new Date()).getTime();
  if (signedAt.getTime() - now > MAX_SKEW_MS) {
    return fail(
      "not-yet-valid",
      `Signature not yet current: ${amzDate} is more than 5 minutes ahead of the server clock`,
    );
  }
  const expiresAt = new Date(signedAt.getTime() + expiresIn * 1000);
  if (now > expiresAt.getTime())
    return fail("expired", `Signature expired: ${amzDate} plus ${expiresIn} s is in the past`);

  const names = new Set(signedHeaders);
  const sign = async (withToken: boolean) => {
    const signer = signerFor(scope, stored.secretAccessKey, withToken ? single.get(TOKEN) : undefined, opts);
    const request = new HttpRequest({
      method: req.method,
      protocol: "https:",
      ...hostParts(headers.get("host") ?? ""),
      path: smithyPath(path, opts),
      query: toSmithyQuery(query.filter(([k]) => k !== SIG && (withToken || k !== TOKEN))),
      headers: signedHeaderValues(headers, signedHeaders),
      ...(req.body === undefined ? {} : { body: req.body }),
    });
    const signed = await signer.presign(request, {
      expiresIn,
      signingDate: signedAt,
      signableHeaders: names,
      unhoistableHeaders: names,
    });
    return String(signed.query?.[SIG]);
  };
  let ok = safeEqual(await sign(true), signature);
  // Some AWS endpoints (the aws-c-auth suite's "omit_session_token" case) accept a token appended after
  // signing. The token was already checked against the store above, so this grants nothing more.
  if (!ok && single.has(TOKEN)) ok = safeEqual(await sign(false), signature);
  if (!ok)
    return fail(
      "signature-mismatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  return success("query", scope, signedAt, expiresAt, query, headers);
}

async function verifyHeader(
  req: VerifyRequest,
  path: string,
  query: QueryPairs,
  headers: Map<string, string>,
  opts: VerifyOptions,
): Promise<VerifyResult> {
  const auth = parseAuthorization(headers.get("authorization") ?? "");
  if (!auth) return fail("malformed-request", "the Authorization header is not a SigV4 header");
  if (auth.algorithm !== ALGORITHM)
    return fail("unsupported-algorithm", `the Authorization algorithm must be ${ALGORITHM}`);
  const amzDate = headers.get("x-amz-date") ?? "";
  const common = checkCommon(
    auth.credential,
    amzDate,
    auth.signedHeaders,
    headers.get("x-amz-security-token"),
    headers,
    opts,
  );
  if (!common.ok) return common;
  const { scope, signedAt, signedHeaders, stored } = common;
  if (!signedHeaders.includes("x-amz-date"))
    return fail("date-not-signed", "the x-amz-date header must be signed");
  const now = (opts.now ?? new Date()).getTime();
  if (Math.abs(signedAt.getTime() - now) > MAX_SKEW_MS) {
    return fail(
      "request-time-skew",
      `Signature expired or not yet current: ${amzDate} is more than 5 minutes from the server clock`,
    );
  }
  const tokenSigned = signedHeaders.includes("x-amz-security-token");
  const signer = signerFor(
    scope,
    stored.secretAccessKey,
    tokenSigned ? headers.get("x-amz-security-token") : undefined,
    opts,
  );
  const request = new HttpRequest({
    method: req.method,
    protocol: "https:",
    ...hostParts(headers.get("host") ?? ""),
    path: smithyPath(path, opts),
    query: toSmithyQuery(query),
    headers: signedHeaderValues(headers, signedHeaders),
    ...(req.body === undefined ? {} : { body: req.body }),
  });
  const names = new Set(signedHeaders);
  const signed = await signer.sign(request, { signingDate: signedAt, signableHeaders: names });
  const ours = parseAuthorization(String(signed.headers.authorization));
  if (!ours || ours.signedHeaders !== auth.signedHeaders || !safeEqual(ours.signature, auth.signature)) {
    return fail(
      "signature-mismatch",
      "The request signature we calculated does not match the signature you provided.",
    );
  }
  return success("header", scope, signedAt, undefined, query, headers);
}

function success(
  form: "query" | "header",
  scope: Scope,
  signedAt: Date,
  expiresAt: Date | undefined,
  query: QueryPairs,
  headers: Map<string, string>,
): VerifyResult {
  const params = query.filter(([k]) => !k.startsWith("X-Amz-"));
  const fromQuery = params.find(([k]) => k === SESSION_ID_PARAM)?.[1];
  return {
    ok: true,
    form,
    accessKeyId: scope.accessKeyId,
    region: scope.region,
    service: scope.service,
    sessionId: fromQuery ?? headers.get(SESSION_ID_PARAM.toLowerCase()),
    signedAt,
    expiresAt,
    params,
  };
}

/** Verifies a presigned-query or header-signed request; never throws for bad input, returns a reason. */
export async function verifyAgentCoreRequest(req: VerifyRequest, opts: VerifyOptions): Promise<VerifyResult> {
  let target: ReturnType<typeof splitTarget>;
  try {
    target = splitTarget(req.url);
  } catch (err) {
    if (err instanceof MalformedRequestError) return fail("malformed-request", err.message);
    throw err;
  }
  const headers = normalizeHeaders(req.headers);
  const hasQueryAuth = target.query.some(([k]) => k === "X-Amz-Algorithm" || k === SIG);
  if (hasQueryAuth) {
    if (headers.has("authorization"))
      return fail("malformed-request", "only one authentication method is allowed");
    return verifyQuery(req, target.path, target.query, headers, opts);
  }
  if (headers.has("authorization")) return verifyHeader(req, target.path, target.query, headers, opts);
  return fail("missing-authentication", "Missing Authentication Token");
}

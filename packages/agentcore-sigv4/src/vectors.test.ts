/**
 * AWS's official SigV4 suite (38 cases): the verifier accepts every signed request in both forms, and our
 * smithy signer configuration (the one the presigner uses) reproduces every signature.
 */
import { HttpRequest } from "@smithy/protocol-http";
import { describe, expect, it } from "vitest";
import { loadVectors, type Vector } from "../test-support/vectors.ts";
import { normalizeHeaders, singleEncodedPath, splitTarget, toSmithyQuery } from "./parse-request.ts";
import { createSmithySigner } from "./smithy-signer.ts";
import { verifyAgentCoreRequest } from "./verifier.ts";

const vectors = loadVectors();

function options(v: Vector) {
  const c = v.context.credentials;
  return {
    credentials: (id: string) =>
      id === c.access_key_id
        ? { secretAccessKey: c.secret_access_key, ...(c.token ? { sessionToken: c.token } : {}) }
        : undefined,
    now: new Date(v.context.timestamp),
    region: v.context.region,
    service: v.context.service,
    maxExpiresIn: v.context.expiration_in_seconds,
    normalizePath: v.context.normalize,
  };
}

function smithyRequest(v: Vector): HttpRequest {
  const { path, query } = splitTarget(v.request.url);
  const headers = Object.fromEntries(normalizeHeaders(v.request.headers));
  return new HttpRequest({
    method: v.request.method,
    protocol: "https:",
    hostname: headers.host ?? "",
    path: v.context.normalize ? path : singleEncodedPath(path),
    query: toSmithyQuery(query),
    headers,
    ...(v.request.body === undefined ? {} : { body: v.request.body }),
  });
}

function signerFor(v: Vector, withToken: boolean, applyChecksum = false) {
  const c = v.context.credentials;
  return createSmithySigner({
    credentials: {
      accessKeyId: c.access_key_id,
      secretAccessKey: c.secret_access_key,
      ...(withToken && c.token ? { sessionToken: c.token } : {}),
    },
    region: v.context.region,
    service: v.context.service,
    uriEscapePath: v.context.normalize,
    applyChecksum,
  });
}

describe("AWS SigV4 test suite", () => {
  it("has all 38 cases", () => {
    expect(vectors).toHaveLength(38);
  });

  for (const v of vectors) {
    it(`verifier accepts the presigned (query) form: ${v.name}`, async () => {
      const result = await verifyAgentCoreRequest(v.querySigned, options(v));
      expect(result).toMatchObject({ ok: true, form: "query" });
    });

    it(`verifier accepts the header form: ${v.name}`, async () => {
      const result = await verifyAgentCoreRequest(v.headerSigned, options(v));
      expect(result).toMatchObject({ ok: true, form: "header" });
    });

    it(`signer reproduces both signatures: ${v.name}`, async () => {
      const signingDate = new Date(v.context.timestamp);
      const withToken = v.context.omit_session_token !== true;
      const presigned = await signerFor(v, withToken).presign(smithyRequest(v), {
        expiresIn: v.context.expiration_in_seconds,
        signingDate,
      });
      expect(presigned.query?.["X-Amz-Signature"]).toBe(v.querySignature);
      // The suite's body-signing cases also sign x-amz-content-sha256 in the header form.
      const checksum = Object.keys(v.headerSigned.headers).some(
        (h) => h.toLowerCase() === "x-amz-content-sha256",
      );
      const signed = await signerFor(v, withToken, checksum).sign(smithyRequest(v), { signingDate });
      expect(String(signed.headers.authorization).endsWith(`Signature=${v.headerSignature}`)).toBe(true);
    });
  }
});

/**
 * The one place that builds @smithy/signature-v4 signers: native (node:crypto) SHA-256, path double-encoding on (as every non-S3 AWS service), and no x-amz-content-sha256 header (AgentCore
 * requests do not carry one; the official SDKs do not add it either).
 */
import { createHash, createHmac, createSecretKey, type Hash, type Hmac, type KeyObject } from "node:crypto";
import { escapeUri } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Checksum,
  SourceData,
} from "@smithy/types";

const stringKeys = new Map<string, KeyObject>();
const binaryKeys = new WeakMap<object, KeyObject>();

/**
 * HMAC keys as KeyObjects, made once per key: Node 24 spends most of an HMAC of a short message preparing a
 * raw Buffer key (a failed KeyObject check per call). Smithy hands us the same cached signing-key array for a
 * whole day, and the same secret string every time, so both caches hit.
 */
function keyObject(secret: SourceData): KeyObject {
  if (typeof secret === "string") {
    let key = stringKeys.get(secret);
    if (!key) {
      if (stringKeys.size >= 1024) stringKeys.clear();
      key = createSecretKey(Buffer.from(secret, "utf8"));
      stringKeys.set(secret, key);
    }
    return key;
  }
  let key = binaryKeys.get(secret);
  if (!key) {
    const bytes = ArrayBuffer.isView(secret)
      ? Buffer.from(secret.buffer, secret.byteOffset, secret.byteLength)
      : Buffer.from(secret);
    key = createSecretKey(Buffer.from(bytes)); // copy: the caller may reuse its array
    binaryKeys.set(secret, key);
  }
  return key;
}

/** A sha256 constructor in the shape smithy expects, backed by node:crypto (native hashing). */
export class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", keyObject(this.secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

export function createSmithySigner(opts: {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  region: string;
  service: string;
  uriEscapePath?: boolean;
  /** Adds and signs x-amz-content-sha256 (header form); off for AgentCore, on for some test vectors. */
  applyChecksum?: boolean;
}): SignatureV4 {
  return new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: opts.service,
    sha256: NodeSha256,
    uriEscapePath: opts.uriEscapePath ?? true,
    applyChecksum: opts.applyChecksum ?? false,
  });
}

/** Percent-encodes as SigV4 (and botocore's percent_encode) does: everything but A-Z a-z 0-9 - _ . ~ */
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;

export function sigv4Escape(value: string): string {
  // Most values (dates, hex signatures, UUIDs, names) need no escaping: skip the encode-and-replace.
  return UNRESERVED.test(value) ? value : escapeUri(value);
}

/** Serialises query pairs in the given order, each key and value SigV4-escaped. */
export function serializeQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${sigv4Escape(k)}=${sigv4Escape(v)}`).join("&");
}

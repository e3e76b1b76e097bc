/**
 * The one place that builds @smithy/signature-v4 signers: native (node:crypto) SHA-256, path double-encoding on (as every non-S3 AWS service), and no x-amz-content-sha256 header (AgentCore
 * requests do not carry one; the official SDKs do not add it either).
 */
import {
  createHash,
  createHmac,
  createSecretKey,
  type Hash,
  type Hmac,
  type KeyObject,
  hash as oneShotHash,
} from "node:crypto";
import { escapeUri } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Checksum,
  SourceData,
} from "@smithy/types";
import { keepRepeatedWork } from "./signer-memo.ts";

interface StringKey {
  key: KeyObject;
  /** HMAC results by message (latin1), for the derivation steps smithy repeats with the raw secret. */
  memo: Map<string, Uint8Array>;
  /** The last message and its HMAC: almost always the one asked for next (the access key id). */
  last?: { message: Uint8Array; result: Uint8Array };
}

/** Short messages (an access key id): a loop beats building a string to look up. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const stringKeys = new Map<string, StringKey>();
const binaryKeys = new WeakMap<object, KeyObject>();
const MAX_STRING_KEYS = 1024;
const MAX_MEMO_PER_KEY = 64;

/**
 * HMAC keys as KeyObjects, made once per key: Node 24 spends most of an HMAC of a short message preparing a
 * raw Buffer key (a failed KeyObject check per call). Smithy hands us the same cached signing-key array for a
 * whole day, and the same secret string every time, so both caches hit.
 */
function stringKey(secret: string): StringKey {
  let entry = stringKeys.get(secret);
  if (!entry) {
    if (stringKeys.size >= MAX_STRING_KEYS) stringKeys.clear();
    entry = { key: createSecretKey(Buffer.from(secret, "utf8")), memo: new Map() };
    stringKeys.set(secret, entry);
  }
  return entry;
}

function binaryKey(secret: Exclude<SourceData, string>): KeyObject {
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

const EMPTY = new Uint8Array(0);
const asBuffer = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * Node 24 allocates a new ArrayBuffer for every Buffer a digest returns (about 1 us each, more than hashing a
 * canonical request); a latin1 string copied into a pooled Buffer costs a tenth of that. Same bytes.
 */
const fromLatin1 = (digest: string): Uint8Array => Buffer.from(digest, "binary");

/**
 * A sha256 constructor in the shape smithy expects, backed by node:crypto (native hashing and HMAC).
 * - Unkeyed: smithy hashes one canonical request in one update, so the bytes are kept and hashed at digest()
 *   with node's one-shot crypto.hash (no Hash object); a second update falls back to a streaming Hash.
 * - Keyed with the secret string: smithy recomputes HMAC(secret, access key id) on every call only to key its
 *   signing-key cache; the result is memoised per secret and message, so that HMAC runs once. Deterministic,
 *   so the memo cannot change a result. HMACs keyed with binary keys (the derived signing key, whose message
 *   is each request's string to sign) are never memoised.
 */
export class NodeSha256 implements Checksum {
  private hmac: Hmac | undefined;
  private hash: Hash | undefined;
  private pending: Uint8Array | undefined;
  private memoKey: StringKey | undefined;
  constructor(private readonly secret?: SourceData) {
    this.reset();
  }
  update(data: Uint8Array): void {
    if (this.hmac) {
      this.hmac.update(data);
    } else if (this.memoKey) {
      this.pending = this.pending ? Buffer.concat([this.pending, data]) : data;
    } else if (this.hash) {
      this.hash.update(data);
    } else if (this.pending) {
      this.hash = createHash("sha256").update(this.pending).update(data);
      this.pending = undefined;
    } else {
      this.pending = data;
    }
  }
  digest(): Promise<Uint8Array> {
    if (this.hmac) return Promise.resolve(fromLatin1(this.hmac.digest("binary")));
    if (this.memoKey) return Promise.resolve(this.memoised(this.memoKey));
    if (this.hash) return Promise.resolve(fromLatin1(this.hash.digest("binary")));
    return Promise.resolve(fromLatin1(oneShotHash("sha256", asBuffer(this.pending ?? EMPTY), "binary")));
  }
  reset(): void {
    this.hmac = undefined;
    this.hash = undefined;
    this.pending = undefined;
    this.memoKey = undefined;
    const secret = this.secret;
    if (typeof secret === "string") this.memoKey = stringKey(secret);
    else if (secret !== undefined) this.hmac = createHmac("sha256", binaryKey(secret));
  }
  private memoised(entry: StringKey): Uint8Array {
    const message = this.pending ?? EMPTY;
    const last = entry.last;
    if (last && sameBytes(last.message, message)) return last.result.slice();
    const id = asBuffer(message).toString("latin1");
    let result = entry.memo.get(id);
    if (!result) {
      if (entry.memo.size >= MAX_MEMO_PER_KEY) entry.memo.clear();
      result = new Uint8Array(createHmac("sha256", entry.key).update(message).digest());
      entry.memo.set(id, result);
    }
    entry.last = { message: message.slice(), result };
    return result.slice(); // a copy: the caller owns what digest() returns
  }
}

export function createSmithySigner(opts: {
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  region: string;
  service: string;
  uriEscapePath?: boolean;
  /** Adds and signs x-amz-content-sha256 (header form); off for AgentCore, on for some test vectors. */
  applyChecksum?: boolean;
  /** For a signer that signs many requests (the presigner's): see keepRepeatedWork. */
  longLived?: boolean;
}): SignatureV4 {
  const signer = new SignatureV4({
    credentials: opts.credentials,
    region: opts.region,
    service: opts.service,
    sha256: NodeSha256,
    uriEscapePath: opts.uriEscapePath ?? true,
    applyChecksum: opts.applyChecksum ?? false,
  });
  if (opts.longLived) keepRepeatedWork(signer);
  return signer;
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

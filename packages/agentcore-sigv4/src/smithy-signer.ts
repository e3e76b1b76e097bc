/**
 * The one place that builds @smithy/signature-v4 signers: native (node:crypto) SHA-256 through smithy's
 * Hash, path double-encoding on (as every non-S3 AWS service), and no x-amz-content-sha256 header (AgentCore
 * requests do not carry one; the official SDKs do not add it either).
 */
import { escapeUri } from "@smithy/core/protocols";
import { Hash } from "@smithy/core/serde";
import { SignatureV4 } from "@smithy/signature-v4";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  Checksum,
  SourceData,
} from "@smithy/types";

/** A sha256 constructor in the shape smithy expects, backed by node:crypto. */
export class NodeSha256 implements Checksum {
  private readonly hash: Hash;
  constructor(secret?: SourceData) {
    this.hash = new Hash("sha256", secret);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    this.hash.reset();
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
export function sigv4Escape(value: string): string {
  return escapeUri(value);
}

/** Serialises query pairs in the given order, each key and value SigV4-escaped. */
export function serializeQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${sigv4Escape(k)}=${sigv4Escape(v)}`).join("&");
}

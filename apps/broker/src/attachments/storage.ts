/**
 * Where attachments' bytes live: in the database row by default (nothing else to run or back up), or in an
 * S3 bucket when INTERJECT_ATTACHMENTS_S3_BUCKET is set (the AWS deployment: infra/ creates the bucket and
 * grants the broker's role). A row holds either its bytes or its object key, never both.
 */
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Env } from "../env.ts";

export interface StoredBytes {
  data: Uint8Array | null;
  storageKey: string | null;
}

export interface AttachmentStorage {
  readonly kind: "database" | "s3";
  /** Stores the bytes of attachment `id`; returns what its row keeps. */
  put(id: string, bytes: Uint8Array, mediaType: string): Promise<StoredBytes>;
  /** The bytes of a row written by `put`. */
  read(stored: StoredBytes): Promise<Uint8Array>;
  /** Removes objects whose rows were deleted (a no-op for bytes in the database). */
  remove(storageKeys: readonly string[]): Promise<void>;
}

export class AttachmentMissingError extends Error {
  override name = "AttachmentMissingError";
}

export class DatabaseStorage implements AttachmentStorage {
  readonly kind = "database";

  async put(_id: string, bytes: Uint8Array): Promise<StoredBytes> {
    return { data: bytes, storageKey: null };
  }

  async read(stored: StoredBytes): Promise<Uint8Array> {
    if (!stored.data) throw new AttachmentMissingError("the attachment's bytes are not in the database");
    return stored.data;
  }

  async remove(): Promise<void> {}
}

/** DeleteObjects takes at most this many keys. */
const DELETE_BATCH = 1000;

export class S3Storage implements AttachmentStorage {
  readonly kind = "s3";
  private readonly client: S3Client;

  constructor(
    private readonly bucket: string,
    private readonly prefix: string,
    client: S3Client,
  ) {
    this.client = client;
  }

  async put(id: string, bytes: Uint8Array, mediaType: string): Promise<StoredBytes> {
    const key = `${this.prefix}${id}`;
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: mediaType }),
    );
    return { data: null, storageKey: key };
  }

  async read(stored: StoredBytes): Promise<Uint8Array> {
    if (!stored.storageKey) throw new AttachmentMissingError("the attachment has no object key");
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: stored.storageKey }),
      );
      if (!object.Body) throw new AttachmentMissingError("the attachment's object is empty");
      return await object.Body.transformToByteArray();
    } catch (error) {
      if (error instanceof Error && error.name === "NoSuchKey")
        throw new AttachmentMissingError("the attachment's object is gone from the bucket");
      throw error;
    }
  }

  async remove(storageKeys: readonly string[]): Promise<void> {
    for (let i = 0; i < storageKeys.length; i += DELETE_BATCH) {
      const keys = storageKeys.slice(i, i + DELETE_BATCH);
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }

  close(): void {
    this.client.destroy();
  }
}

/** The storage the settings choose. */
export function attachmentStorage(env: Env): AttachmentStorage {
  const bucket = env.INTERJECT_ATTACHMENTS_S3_BUCKET;
  if (!bucket) return new DatabaseStorage();
  const endpoint = env.INTERJECT_ATTACHMENTS_S3_ENDPOINT;
  const client = new S3Client({
    region: env.AWS_REGION,
    // An S3-compatible server at its own address addresses buckets by path; AWS itself by host name.
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    // Explicit keys when given; otherwise the SDK's default chain (the task role on Fargate).
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  });
  return new S3Storage(bucket, env.INTERJECT_ATTACHMENTS_S3_PREFIX, client);
}

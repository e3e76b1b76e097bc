/**
 * Where the agent gets the files a prompt names: the broker, `GET /internal/v1/sessions/:id/attachments/:id`
 * with the ingest token (the bytes never travel on the socket). Each file is read for what it is with
 * @interject/attachments (its type against its magic bytes, Bedrock's limits, its text), and kept in a small
 * cache bounded in bytes, since every model call of a conversation sends its files again.
 */
import { AttachmentError, type AttachmentInfo, inspectAttachment } from "@interject/attachments";

/** A file ready for a model: what it is, and its bytes. */
export interface LoadedAttachment extends AttachmentInfo {
  id: string;
  bytes: Uint8Array;
}

export type AttachmentLoader = (sessionId: string, id: string) => Promise<LoadedAttachment>;

/** The broker could not give the file (gone, refused, unreachable): said to the user as an attachment error. */
export class AttachmentUnavailableError extends AttachmentError {
  constructor(message: string) {
    super("unavailable", message);
  }
}

const CACHE_BYTES = 64 * 1024 * 1024;

export function brokerAttachmentLoader(baseUrl: string, token: string, timeoutMs = 15_000): AttachmentLoader {
  const cache = new Map<string, LoadedAttachment>();
  let cached = 0;
  const remember = (key: string, file: LoadedAttachment) => {
    cache.set(key, file);
    cached += file.bytes.length;
    for (const [old, entry] of cache) {
      if (cached <= CACHE_BYTES) break;
      cache.delete(old);
      cached -= entry.bytes.length;
    }
  };
  return async (sessionId, id) => {
    const key = `${sessionId}/${id}`;
    const hit = cache.get(key);
    if (hit) {
      // Most recently used last.
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const url = new URL(
      `/internal/v1/sessions/${encodeURIComponent(sessionId)}/attachments/${encodeURIComponent(id)}`,
      baseUrl,
    );
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new AttachmentUnavailableError(
        "An attached file could not be fetched from the server; try again.",
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AttachmentUnavailableError(
        response.status === 404
          ? "An attached file is no longer available (it was deleted, or belongs to another conversation)."
          : `An attached file could not be fetched (the server answered ${response.status}); try again.`,
      );
    }
    const name =
      decodeURIComponent(response.headers.get("x-interject-attachment-name") ?? "") || "attachment";
    const bytes = new Uint8Array(await response.arrayBuffer());
    const info = await inspectAttachment(bytes, name, { text: true });
    const file: LoadedAttachment = { ...info, id, bytes };
    remember(key, file);
    return file;
  };
}

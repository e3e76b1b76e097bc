/**
 * An attachment's bytes as an HTTP answer, safe to open from the product's own origin: the type the file was
 * checked to be, nosniff, a CSP sandbox (security/headers.ts gives every file answer one), and inline display for images only (every other type downloads,
 * so an uploaded HTML file never runs as a page of the product).
 */
import { ATTACHMENT_TYPES, type AttachmentMediaType } from "@interject/protocol";
import type { AttachmentMeta } from "./store.ts";

/** `Content-Disposition` with the name as UTF-8 (RFC 6266 / 8187) and an ASCII fallback. */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function fileResponse(
  meta: AttachmentMeta,
  bytes: Uint8Array,
  extra: Record<string, string> = {},
): Response {
  const image = ATTACHMENT_TYPES[meta.mediaType as AttachmentMediaType]?.kind === "image";
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: {
      "content-type": meta.mediaType,
      "content-length": String(bytes.length),
      "content-disposition": contentDisposition(image ? "inline" : "attachment", meta.name),
      "x-content-type-options": "nosniff",
      ...extra,
    },
  });
}

/**
 * Files attached to prompts: the types Interject accepts, their size limits, and the reference a prompt
 * carries. The bytes never travel on the agent's socket: the browser uploads them to the broker over HTTP,
 * the prompt names them by id (`AttachmentRef`), and the agent fetches them from the broker with its ingest
 * token. The limits are Amazon Bedrock's for Converse (API_runtime_Message, API_runtime_DocumentBlock): an
 * image at most 3.75 MB and 8,000 px a side, a document at most 4.5 MB, at most 20 images and 5 documents
 * in one request. Counted in decimal megabytes, the stricter reading.
 */
import { z } from "zod";

export type AttachmentKind = "image" | "document";

/** Every accepted type: its kind, the extensions that claim it, its Bedrock format name, and its name in words. */
export const ATTACHMENT_TYPES = {
  "image/png": { kind: "image", extensions: ["png"], format: "png", label: "PNG image" },
  "image/jpeg": { kind: "image", extensions: ["jpg", "jpeg"], format: "jpeg", label: "JPEG image" },
  "image/gif": { kind: "image", extensions: ["gif"], format: "gif", label: "GIF image" },
  "image/webp": { kind: "image", extensions: ["webp"], format: "webp", label: "WebP image" },
  "application/pdf": { kind: "document", extensions: ["pdf"], format: "pdf", label: "PDF document" },
  "text/plain": { kind: "document", extensions: ["txt"], format: "txt", label: "text file" },
  "text/markdown": { kind: "document", extensions: ["md", "markdown"], format: "md", label: "Markdown file" },
  "text/csv": { kind: "document", extensions: ["csv"], format: "csv", label: "CSV file" },
  "text/html": { kind: "document", extensions: ["html", "htm"], format: "html", label: "HTML file" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
    kind: "document",
    extensions: ["docx"],
    format: "docx",
    label: "Word document",
  },
} as const satisfies Record<
  string,
  { kind: AttachmentKind; extensions: readonly string[]; format: string; label: string }
>;

export type AttachmentMediaType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_MEDIA_TYPES = Object.keys(ATTACHMENT_TYPES) as AttachmentMediaType[];
export const AttachmentMediaType = z.enum(
  ATTACHMENT_MEDIA_TYPES as [AttachmentMediaType, ...AttachmentMediaType[]],
);

export const MAX_IMAGE_BYTES = 3_750_000;
export const MAX_DOCUMENT_BYTES = 4_500_000;
/** The largest file of any kind: the upload body limit. */
export const MAX_ATTACHMENT_BYTES = Math.max(MAX_IMAGE_BYTES, MAX_DOCUMENT_BYTES);
export const MAX_IMAGE_SIDE_PX = 8000;
/** Files one prompt may carry. */
export const MAX_ATTACHMENTS_PER_PROMPT = 10;
/** What one model request may carry, the current prompt's files and earlier ones together. */
export const MAX_IMAGES_PER_REQUEST = 20;
export const MAX_DOCUMENTS_PER_REQUEST = 5;
export const MAX_ATTACHMENT_NAME_CHARS = 255;

/**
 * A prompt's reference to an uploaded file: its id only, so a prompt of MAX_PROMPT_CHARS with
 * MAX_ATTACHMENTS_PER_PROMPT references still fits one inbound frame (name, type and size come from the
 * broker with the bytes).
 */
export const AttachmentRef = z.strictObject({ id: z.uuid() });
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export const AttachmentRefs = z.array(AttachmentRef).min(1).max(MAX_ATTACHMENTS_PER_PROMPT);

/** A file name's extension, lower-cased, without the dot ("" when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot <= 0 || dot === name.length - 1 ? "" : name.slice(dot + 1).toLowerCase();
}

/** The accepted type a file name claims by its extension, if any. */
export function mediaTypeForName(name: string): AttachmentMediaType | undefined {
  const ext = extensionOf(name);
  return ATTACHMENT_MEDIA_TYPES.find((type) =>
    (ATTACHMENT_TYPES[type].extensions as readonly string[]).includes(ext),
  );
}

/** The size limit of a type's kind. */
export function maxBytesFor(mediaType: AttachmentMediaType): number {
  return ATTACHMENT_TYPES[mediaType].kind === "image" ? MAX_IMAGE_BYTES : MAX_DOCUMENT_BYTES;
}

/** The extensions accepted, for a file picker's `accept` and for messages (".png, .jpg, ..."). */
export const ACCEPTED_EXTENSIONS = ATTACHMENT_MEDIA_TYPES.flatMap((type) =>
  ATTACHMENT_TYPES[type].extensions.map((ext) => `.${ext}`),
);

/** What the accepted types are, in words, for messages. */
export const ACCEPTED_TYPES_IN_WORDS =
  "images (PNG, JPEG, GIF, WebP) and documents (PDF, TXT, Markdown, CSV, HTML, DOCX)";

/** A size in words: "512 bytes", "48.2 KB", "3.75 MB" (decimal units, as the limits are counted). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${trim(bytes / 1000)} KB`;
  return `${trim(bytes / 1_000_000)} MB`;
}

const trim = (n: number) => String(Number(n.toFixed(n < 10 ? 2 : 1)));

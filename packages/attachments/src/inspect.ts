/**
 * Reads an attached file for what it is, within Bedrock's limits (@interject/protocol's attachments.ts):
 * its type from its name, checked against its bytes; its size; an image's dimensions (image-size); a PDF's
 * page count and text (unpdf, PDF.js); a DOCX's text (mammoth); a text file's text. Throws an
 * AttachmentError that names the file and says what is wrong. Used by the broker when a file is uploaded and
 * by the agent before a model sees it.
 */
import {
  ACCEPTED_TYPES_IN_WORDS,
  ATTACHMENT_TYPES,
  type AttachmentKind,
  type AttachmentMediaType,
  formatBytes,
  MAX_IMAGE_SIDE_PX,
  maxBytesFor,
  mediaTypeForName,
} from "@interject/protocol";
import { imageSize } from "image-size";
import mammoth from "mammoth";
import { extractText, getDocumentProxy } from "unpdf";
import { AttachmentError } from "./attachment-error.ts";
import { checkContent, decodeText } from "./sniff.ts";

/** Text kept from one document: enough for a model's context, bounded for memory. */
export const MAX_DOCUMENT_TEXT_CHARS = 200_000;

export interface AttachmentInfo {
  name: string;
  mediaType: AttachmentMediaType;
  kind: AttachmentKind;
  size: number;
  /** Images: pixels. */
  width?: number;
  height?: number;
  /** PDFs: pages. */
  pages?: number;
  /** Documents, when asked for: their text (cut at MAX_DOCUMENT_TEXT_CHARS). */
  text?: string;
}

export interface InspectOptions {
  /** Extract documents' text (PDF and DOCX parsing); off for a check that only needs the type and size. */
  text?: boolean;
}

const cut = (text: string) =>
  text.length > MAX_DOCUMENT_TEXT_CHARS ? `${text.slice(0, MAX_DOCUMENT_TEXT_CHARS)}\n[…cut]` : text;

export async function inspectAttachment(
  bytes: Uint8Array,
  name: string,
  options: InspectOptions = {},
): Promise<AttachmentInfo> {
  const mediaType = mediaTypeForName(name);
  if (!mediaType) {
    throw new AttachmentError(
      "unsupported_type",
      `${name} is not a type Interject accepts: attach ${ACCEPTED_TYPES_IN_WORDS}.`,
    );
  }
  const { kind, label } = ATTACHMENT_TYPES[mediaType];
  if (bytes.length === 0) throw new AttachmentError("empty", `${name} is empty.`);
  const limit = maxBytesFor(mediaType);
  if (bytes.length > limit) {
    throw new AttachmentError(
      "too_large",
      `${name} is ${formatBytes(bytes.length)}; ${kind === "image" ? "an image" : "a document"} may be at most ${formatBytes(limit)}.`,
    );
  }
  await checkContent(bytes, name, mediaType);
  const info: AttachmentInfo = { name, mediaType, kind, size: bytes.length };
  if (kind === "image") {
    let size: { width: number; height: number };
    try {
      size = imageSize(bytes);
    } catch {
      throw new AttachmentError("unreadable", `${name} could not be read as a ${label}.`);
    }
    if (size.width > MAX_IMAGE_SIDE_PX || size.height > MAX_IMAGE_SIDE_PX) {
      throw new AttachmentError(
        "too_large",
        `${name} is ${size.width}×${size.height} px; an image may be at most ${MAX_IMAGE_SIDE_PX} px on each side.`,
      );
    }
    return { ...info, width: size.width, height: size.height };
  }
  if (mediaType === "application/pdf") return { ...info, ...(await readPdf(bytes, name, options)) };
  if (mediaType === "application/vnd.openxmlformats-officedocument.wordprocessingml.document") {
    if (!options.text) return info;
    try {
      const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
      return { ...info, text: cut(result.value.trim()) };
    } catch {
      throw new AttachmentError("unreadable", `${name} could not be read as a ${label}.`);
    }
  }
  return options.text ? { ...info, text: cut(decodeText(bytes) ?? "") } : info;
}

async function readPdf(bytes: Uint8Array, name: string, options: InspectOptions) {
  try {
    // PDF.js may take the buffer over (transfer it): give it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      if (!options.text) return { pages: pdf.numPages };
      const { text } = await extractText(pdf, { mergePages: true });
      return { pages: pdf.numPages, text: cut(text.trim()) };
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch (error) {
    const locked = error instanceof Error && error.name === "PasswordException";
    throw new AttachmentError(
      "unreadable",
      locked ? `${name} is protected by a password.` : `${name} could not be read as a PDF document.`,
    );
  }
}

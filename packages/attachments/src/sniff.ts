/**
 * What a file's bytes say it is, against what its name claims: its magic bytes (file-type) for the binary
 * formats, and well-formed UTF-8 without NUL bytes for the text formats (which have no magic bytes). A
 * `.png` that is a JPEG, or a `.txt` that is a PDF, is refused here.
 */
import { ATTACHMENT_TYPES, type AttachmentMediaType } from "@interject/protocol";
import { fileTypeFromBuffer } from "file-type";
import { AttachmentError } from "./attachment-error.ts";

const TEXT_TYPES: ReadonlySet<AttachmentMediaType> = new Set([
  "text/plain",
  "text/markdown",
  "text/csv",
  "text/html",
]);

/** Decodes UTF-8 text; undefined when the bytes are not text (invalid UTF-8, or a NUL byte). */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The name in words of what file-type found, for the error message. */
function found(detected: { mime: string; ext: string } | undefined): string {
  if (!detected) return "something else";
  const known = ATTACHMENT_TYPES[detected.mime as AttachmentMediaType];
  return known ? `a ${known.label}` : `a .${detected.ext} file (${detected.mime})`;
}

/** Throws `mismatch` unless the bytes are what `claimed` (the type of the file's extension) says. */
export async function checkContent(
  bytes: Uint8Array,
  name: string,
  claimed: AttachmentMediaType,
): Promise<void> {
  const detected = await fileTypeFromBuffer(bytes);
  const label = ATTACHMENT_TYPES[claimed].label;
  if (TEXT_TYPES.has(claimed)) {
    // Text has no magic bytes; anything file-type recognises as a binary format is not text.
    const binary =
      detected !== undefined && !detected.mime.startsWith("text/") && detected.mime !== "application/xml";
    if (binary || decodeText(bytes) === undefined) {
      throw new AttachmentError(
        "mismatch",
        `${name} is not a ${label}: its content is ${binary ? found(detected) : "not UTF-8 text"}.`,
      );
    }
    return;
  }
  if (detected?.mime !== claimed) {
    throw new AttachmentError("mismatch", `${name} is not a ${label}: its content is ${found(detected)}.`);
  }
}

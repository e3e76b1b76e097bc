/**
 * What the offline model says about the files it received: for each, its name, type and size, an image's
 * dimensions, a PDF's page count, and the first lines of a text (a text file's, or a PDF's or Word
 * document's extracted text). Deterministic, like the rest of its answer.
 */
import { ATTACHMENT_TYPES, formatBytes } from "@interject/protocol";
import type { LoadedAttachment } from "../../attachments/attachment-source.ts";

const FIRST_LINES = 5;
const LINE_CHARS = 160;

function firstLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(0, FIRST_LINES)
    .map((line) => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS)}…` : line));
}

export function describeFile(file: LoadedAttachment): string {
  const facts = [ATTACHMENT_TYPES[file.mediaType].label, formatBytes(file.size)];
  if (file.width !== undefined && file.height !== undefined)
    facts.push(`${file.width} × ${file.height} pixels`);
  if (file.pages !== undefined) facts.push(`${file.pages} page${file.pages === 1 ? "" : "s"}`);
  const head = `**${file.name}**: ${facts.join(", ")}.`;
  if (file.kind === "image") return `${head} I cannot see images, so I can only tell you its size.`;
  const lines = firstLines(file.text ?? "");
  if (lines.length === 0) return `${head} It has no text I could read.`;
  return `${head} It begins:\n\n${lines.map((line) => `> ${line}`).join("\n>\n")}`;
}

export function describeFiles(files: readonly LoadedAttachment[]): string {
  const intro = files.length === 1 ? "You sent me one file." : `You sent me ${files.length} files.`;
  return [intro, ...files.map(describeFile)].join("\n\n");
}

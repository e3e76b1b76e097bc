/**
 * A conversation as a file: the JSON document (every field history has, turn by turn, with the files'
 * names and the feedback) and the same as Markdown for people. One shape for the export download and the
 * shared read-only view, so what a link shows is what an export holds (less the owner's feedback).
 */
import { ATTACHMENT_TYPES, type AttachmentMediaType, formatBytes } from "@interject/protocol";
import type { ConversationRow } from "../conversations/store.ts";
import type { Turn } from "../history/read.ts";

export const EXPORT_FORMATS = ["markdown", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ConversationExport {
  /** What this file is, and the version of its shape. */
  format: "interject.conversation";
  version: 1;
  exportedAt: string;
  conversation: { id: string; title: string; createdAt: string; updatedAt: string };
  turns: Turn[];
}

export function conversationExport(
  row: ConversationRow,
  turns: Turn[],
  now = new Date(),
): ConversationExport {
  return {
    format: "interject.conversation",
    version: 1,
    exportedAt: now.toISOString(),
    conversation: {
      id: row.id,
      title: row.title,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    },
    turns,
  };
}

const STATUS_NOTE: Record<Turn["status"], string> = {
  complete: "",
  interrupted: "_(The answer was stopped here.)_",
  error: "_(The answer ended with an error.)_",
  streaming: "_(The answer was still being written.)_",
};

function fileLine(file: Turn["attachments"][number]): string {
  const label = ATTACHMENT_TYPES[file.mediaType as AttachmentMediaType]?.label ?? file.mediaType;
  return `- ${file.name} (${label}, ${formatBytes(file.size)})`;
}

/** The conversation as Markdown: a heading per message, files and feedback as notes under them. */
export function toMarkdown(doc: ConversationExport): string {
  const out: string[] = [
    `# ${doc.conversation.title}`,
    "",
    `_Exported from Interject on ${doc.exportedAt}; started ${doc.conversation.createdAt}._`,
  ];
  for (const turn of doc.turns) {
    out.push("", `## You (${turn.startedAt})`, "", turn.prompt || "_(no text)_");
    if (turn.attachments.length > 0) out.push("", "Attached:", ...turn.attachments.map(fileLine));
    out.push("", "## Assistant", "", turn.response || "_(no answer)_");
    if (STATUS_NOTE[turn.status]) out.push("", STATUS_NOTE[turn.status]);
    if (turn.feedback) {
      const verdict = turn.feedback.rating === "up" ? "👍 helpful" : "👎 not helpful";
      out.push("", `_Feedback: ${verdict}${turn.feedback.comment ? ` — ${turn.feedback.comment}` : ""}_`);
    }
  }
  return `${out.join("\n")}\n`;
}

/** A file name for the download: the title's letters and digits, or "conversation". */
export function exportFileName(title: string, format: ExportFormat): string {
  const base =
    title
      .normalize("NFKD")
      .replace(/[^\p{L}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
      .toLowerCase() || "conversation";
  return `${base}.${format === "markdown" ? "md" : "json"}`;
}

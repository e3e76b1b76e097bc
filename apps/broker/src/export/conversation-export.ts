/**
 * A conversation as a file: the JSON document (every field history has, turn by turn, with the files'
 * names and the feedback, and every branch an edit or a retry made) and the same as Markdown for people.
 * One shape for the export download and the shared read-only view, so what a link shows is what an export
 * holds (less the owner's feedback and the other branches).
 */
import { ATTACHMENT_TYPES, type AttachmentMediaType, formatBytes } from "@interject/protocol";
import type { BranchTree } from "../conversations/branch-tree.ts";
import type { PathTurn } from "../conversations/branches.ts";
import type { ConversationRow } from "../conversations/store.ts";
import type { Turn } from "../history/read.ts";

export const EXPORT_FORMATS = ["markdown", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A turn as exported: which branch it belongs to, and which version of its message it is (1-based). */
export interface ExportTurn extends Turn {
  branchId: string;
  version: { number: number; of: number };
}

/**
 * A branch: the turns it inherits are its parent's path up to and including `forkTurnId` (none when both are
 * null and it is not the first), then its own `turns`.
 */
export interface ExportBranch {
  id: string;
  parentBranchId: string | null;
  forkTurnId: string | null;
  createdAt: string;
  turns: Turn[];
}

export interface ConversationExport {
  /** What this file is, and the version of its shape. */
  format: "interject.conversation";
  version: 2;
  exportedAt: string;
  conversation: { id: string; title: string; createdAt: string; updatedAt: string };
  /** The branch `turns` shows (the one used last, or the one asked for). */
  branchId: string | null;
  /** The conversation as that branch shows it, first message first. */
  turns: ExportTurn[];
  /** Every branch with its own turns (empty in a shared view, which shows one branch). */
  branches: ExportBranch[];
}

export const toExportTurn = ({ versions, ...turn }: PathTurn): ExportTurn => ({
  ...turn,
  version: { number: versions.index + 1, of: versions.branchIds.length },
});

export function conversationExport(
  row: ConversationRow,
  shown: { branchId: string | null; turns: PathTurn[] },
  branches: { tree: BranchTree; turns: ReadonlyMap<string, Turn[]> } | null,
  now = new Date(),
): ConversationExport {
  return {
    format: "interject.conversation",
    version: 2,
    exportedAt: now.toISOString(),
    conversation: {
      id: row.id,
      title: row.title,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    },
    branchId: shown.branchId,
    turns: shown.turns.map(toExportTurn),
    branches: branches
      ? branches.tree.branches.map((b) => ({
          id: b.id,
          parentBranchId: b.parentBranchId,
          forkTurnId: b.forkTurnId,
          createdAt: b.createdAt.toISOString(),
          turns: branches.turns.get(b.sessionId) ?? [],
        }))
      : [],
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

function turnLines(turn: Turn, heading: string, version?: ExportTurn["version"]): string[] {
  const out = ["", `${heading} You (${turn.startedAt})`, ""];
  if (version && version.of > 1)
    out.push(`_Version ${version.number} of ${version.of} of this message._`, "");
  out.push(turn.prompt || "_(no text)_");
  if (turn.attachments.length > 0) out.push("", "Attached:", ...turn.attachments.map(fileLine));
  out.push("", `${heading} Assistant`, "", turn.response || "_(no answer)_");
  if (STATUS_NOTE[turn.status]) out.push("", STATUS_NOTE[turn.status]);
  if (turn.feedback) {
    const verdict = turn.feedback.rating === "up" ? "👍 helpful" : "👎 not helpful";
    out.push("", `_Feedback: ${verdict}${turn.feedback.comment ? ` — ${turn.feedback.comment}` : ""}_`);
  }
  return out;
}

/**
 * The conversation as Markdown: the branch on screen, a heading per message (with "version 2 of 3" where a
 * message was edited or retried), files and feedback as notes under them; then every other branch with the
 * message it starts after.
 */
export function toMarkdown(doc: ConversationExport): string {
  const out: string[] = [
    `# ${doc.conversation.title}`,
    "",
    `_Exported from Interject on ${doc.exportedAt}; started ${doc.conversation.createdAt}._`,
  ];
  for (const turn of doc.turns) out.push(...turnLines(turn, "##", turn.version));
  const others = doc.branches.filter((b) => b.id !== doc.branchId && b.turns.length > 0);
  if (others.length > 0) {
    out.push("", "---", "", `# Other branches (${others.length})`);
    // Every turn's prompt by id, to name the message a branch continues from.
    const prompts = new Map(doc.branches.flatMap((b) => b.turns.map((t) => [t.turnId, t.prompt] as const)));
    others.forEach((branch, i) => {
      const after = branch.forkTurnId === null ? undefined : prompts.get(branch.forkTurnId);
      out.push(
        "",
        `## Branch ${i + 1}`,
        "",
        after === undefined ? "_From the first message._" : `_After the message “${oneLine(after)}”._`,
      );
      for (const turn of branch.turns) out.push(...turnLines(turn, "###"));
    });
  }
  return `${out.join("\n")}\n`;
}

const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
};

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

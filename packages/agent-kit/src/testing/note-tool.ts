/**
 * Test support: a tool that needs the user's approval, as an agent's state-changing tool would. It keeps its
 * notes in the session's tool state, so tests see whether it ran. The offline model calls it for "take a
 * note: ..." or `/tool save_note {"text": "..."}`.
 */
import { z } from "zod";
import { defineTool, type ToolSessionState } from "../tools/tool.ts";

const NOTE = /\b(?:take|save|make) a note\b[:,]?\s*(.*)$/iu;

export interface Note {
  id: string;
  text: string;
}

export function notesOf(state: ToolSessionState): Note[] {
  const notes = state.get("notes");
  return Array.isArray(notes) ? (notes as Note[]) : [];
}

export const saveNoteTool = defineTool({
  name: "save_note",
  description: "Saves a note for the user. Requires the user's approval.",
  input: z.strictObject({ text: z.string().min(1).max(500) }),
  milestone: "Saving the note",
  approval: ({ text }) => `Save the note "${text}"`,
  offline: {
    plan: (prompt) => {
      const text = NOTE.exec(prompt)?.[1]?.trim();
      return text ? { text } : null;
    },
    reason: () => "the user wants a note saved, which needs their approval",
    describe: (result) => (result.isError ? `I did not save the note. ${result.output}` : result.output),
  },
  async run({ text }, { session }) {
    const notes = notesOf(session);
    const note = { id: `N-${notes.length + 1}`, text };
    session.set("notes", [...notes, note]);
    return `Note ${note.id} saved: "${text}".`;
  },
});

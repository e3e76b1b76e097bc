/**
 * The knowledge-base search tool: ranked Markdown sections from AGENT_KNOWLEDGE_DIR, as text for the model.
 * For the offline model it is the fallback: any question no other tool answers is searched here.
 */
import { defineTool, firstBlocks } from "@interject/agent-kit";
import { z } from "zod";
import type { KnowledgeIndex } from "../knowledge/knowledge-index.ts";

/** Longest excerpt of one section returned to the model. */
const EXCERPT_CHARS = 1200;

/** Knowledge-base sections from a search result: heading (with file) and text. */
function sectionsOf(output: string): Array<{ heading: string; text: string }> {
  if (!output.startsWith("## ")) return [];
  return output
    .split(/^## /m)
    .filter((part) => part.trim())
    .map((part) => {
      const [head = "", ...rest] = part.split("\n");
      return { heading: head.trim(), text: rest.join("\n").trim() };
    });
}

export function searchKnowledgeTool(index: KnowledgeIndex) {
  return defineTool({
    name: "search_knowledge",
    description:
      "Full-text search over the Interject knowledge base (Markdown documentation). Returns the best sections.",
    input: z.strictObject({ query: z.string().min(1).max(500), limit: z.int().min(1).max(8).default(3) }),
    milestone: "Searching the knowledge base",
    offline: {
      fallback: true,
      plan: (prompt, intent) => ({ query: prompt.slice(0, 500), limit: intent.detail ? 4 : 2 }),
      reason: () => "this is a question I should answer from the knowledge base",
      describe: (result, intent) => {
        const sections = sectionsOf(result.output);
        if (result.isError || sections.length === 0) {
          return "I found nothing about that in the knowledge base, and as the offline model I know nothing beyond it and my tools.";
        }
        const perSection = intent.detail ? 140 : 45;
        const shown = intent.detail ? sections : sections.slice(0, 2);
        return [
          "Here is what the knowledge base says.",
          // Each section under its heading, with its paragraphs and lists as the documentation has them.
          ...shown.map((s) => `**${s.heading}**\n\n${firstBlocks(s.text, perSection)}`),
        ].join("\n\n");
      },
    },
    async run({ query, limit }) {
      const hits = index.search(query, limit);
      if (hits.length === 0) return `No section of the knowledge base matches "${query}".`;
      return hits
        .map(({ section }) => {
          const text =
            section.text.length > EXCERPT_CHARS ? `${section.text.slice(0, EXCERPT_CHARS)}…` : section.text;
          return `## ${section.heading} (${section.file})\n${text}`;
        })
        .join("\n\n");
    },
  });
}

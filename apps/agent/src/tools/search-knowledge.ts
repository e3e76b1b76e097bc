/** The knowledge-base search tool: ranked Markdown sections from AGENT_KNOWLEDGE_DIR, as text for the model. */
import { z } from "zod";
import type { KnowledgeIndex } from "../knowledge/knowledge-index.ts";
import { defineTool } from "./tool.ts";

/** Longest excerpt of one section returned to the model. */
const EXCERPT_CHARS = 1200;

export function searchKnowledgeTool(index: KnowledgeIndex) {
  return defineTool({
    name: "search_knowledge",
    description:
      "Full-text search over the Interject knowledge base (Markdown documentation). Returns the best sections.",
    input: z.strictObject({ query: z.string().min(1).max(500), limit: z.int().min(1).max(8).default(3) }),
    milestone: "Searching the knowledge base",
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

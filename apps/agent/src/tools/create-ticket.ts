/**
 * The tool that needs a person's approval: it files a support ticket. It only records the ticket in the
 * session's own state (nothing leaves the process), which is enough to show human-in-the-loop end to end.
 */
import { z } from "zod";
import { defineTool } from "./tool.ts";

export const createTicketTool = defineTool({
  name: "create_ticket",
  description:
    "Files a support ticket for the user with a title and a description. Requires the user's approval.",
  input: z.strictObject({
    title: z.string().min(1).max(120),
    body: z.string().max(2000).default(""),
  }),
  milestone: "Filing the ticket",
  approval: ({ title }) => `File a support ticket titled "${title}"`,
  async run({ title, body }, { session, now }) {
    const id = `T-${session.tickets.length + 1}`;
    session.tickets.push({ id, title, body, createdAt: now().toISOString() });
    return `Ticket ${id} created: "${title}".`;
  },
});

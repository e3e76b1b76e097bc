/**
 * The tool that needs a person's approval: it files a support ticket. It only records the ticket in the
 * session's own tool state (nothing leaves the process), which is enough to show human-in-the-loop end to end.
 */
import { defineTool, type ToolSessionState } from "@interject/agent-kit";
import { z } from "zod";

const TICKET =
  /\b(ticket|support request|file a bug|open an issue|report (a|an) (bug|issue|problem))\b|チケット|工单|티켓/iu;

export interface Ticket {
  id: string;
  title: string;
  body: string;
  createdAt: string;
}

/** The tickets filed in a session so far. */
export function ticketsOf(state: ToolSessionState): Ticket[] {
  const tickets = state.get("tickets");
  return Array.isArray(tickets) ? (tickets as Ticket[]) : [];
}

function ticketTitle(text: string): string {
  const about = /\b(?:about|for|regarding|titled|called)\s+["“]?(.+?)["”]?[.!?]?$/iu.exec(text.trim());
  const title = (about?.[1] ?? text).trim().replace(/\s+/g, " ");
  return title.length > 80 ? `${title.slice(0, 77)}...` : title;
}

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
  offline: {
    plan: (prompt) =>
      TICKET.test(prompt) ? { title: ticketTitle(prompt), body: prompt.slice(0, 2000) } : null,
    reason: () => "the user wants a support ticket filed, which needs their approval",
    describe: (result) =>
      result.isError
        ? `I did not file the ticket. ${result.output}`
        : `Done. ${result.output} It is recorded in this session.`,
  },
  async run({ title, body }, { session, now }) {
    const tickets = ticketsOf(session);
    const id = `T-${tickets.length + 1}`;
    session.set("tickets", [...tickets, { id, title, body, createdAt: now().toISOString() }]);
    return `Ticket ${id} created: "${title}".`;
  },
});

/**
 * The built-in Interject agent on the agent kit: its system prompt, its knowledge base (the repository's
 * docs/) and its tools (knowledge search, calculator, clock, and the approval-gated ticket tool). main.ts
 * serves it; tests start it on port 0.
 */
import {
  type AgentApp,
  type AgentAppOptions,
  calculatorTool,
  clockTool,
  createAgentApp,
  type Logger,
} from "@interject/agent-kit";
import type { Env } from "./env.ts";
import { KnowledgeIndex } from "./knowledge/knowledge-index.ts";
import { createTicketTool } from "./tools/create-ticket.ts";
import { searchKnowledgeTool } from "./tools/search-knowledge.ts";

export const SYSTEM_PROMPT = [
  "You are the Interject agent, a helpful assistant reached through a browser chat.",
  "Answer in the language of the user's message. Be concise unless the user asks for detail.",
  "Use search_knowledge for questions about Interject (interruption, traces, the protocol, deployment, troubleshooting).",
  "Use calculator for arithmetic and clock for the date or time. create_ticket files a support ticket and needs the user's approval.",
].join("\n");

export async function createInterjectAgent(
  env: Env,
  options: { logger?: Logger; model?: AgentAppOptions["model"] } = {},
): Promise<AgentApp> {
  const knowledge = await KnowledgeIndex.load(env.AGENT_KNOWLEDGE_DIR);
  const app = createAgentApp({
    settings: env,
    name: "agent",
    system: SYSTEM_PROMPT,
    // The ticket first: a prompt that asks for a ticket and mentions a number wants the ticket.
    tools: [createTicketTool, calculatorTool, clockTool, searchKnowledgeTool(knowledge)],
    ...options,
  });
  app.logger.info({ sections: knowledge.sections.length }, "knowledge base loaded");
  return app;
}

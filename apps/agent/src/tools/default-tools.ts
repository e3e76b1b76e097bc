/** The tool set every model gets: knowledge search, calculator, clock, and the approval-gated ticket tool. */
import type { KnowledgeIndex } from "../knowledge/knowledge-index.ts";
import { calculatorTool } from "./calculator.ts";
import { clockTool } from "./clock.ts";
import { createTicketTool } from "./create-ticket.ts";
import { searchKnowledgeTool } from "./search-knowledge.ts";
import { ToolRegistry } from "./tool.ts";

export function defaultTools(index: KnowledgeIndex): ToolRegistry {
  return new ToolRegistry([searchKnowledgeTool(index), calculatorTool, clockTool, createTicketTool]);
}

/**
 * A complete AgentCore agent on @interject/agent-kit: the kit serves /ws, /ping and /invocations on PORT
 * (8080), runs sessions with interruption, approvals, traces and reports to the broker, and calls the model
 * that AGENT_MODEL chooses (the offline one by default; `bedrock` in production). This file adds what is
 * the team's own: a system prompt and a tool.
 */
import { calculatorTool, serve } from "@interject/agent-kit";
import { convertUnitsTool } from "./convert-units.ts";

await serve({
  name: "custom-agent",
  system: [
    "You are a units assistant reached through a browser chat.",
    "Use convert_units to convert quantities and calculator for arithmetic; answer in one or two sentences.",
  ].join("\n"),
  tools: [convertUnitsTool, calculatorTool],
});

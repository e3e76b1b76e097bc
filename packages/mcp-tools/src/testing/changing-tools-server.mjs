/**
 * An MCP server (the official SDK's McpServer over stdio) whose tool list changes while it runs, which none of
 * the npm reference servers does on demand: `add-tool` registers a tool, `remove-tool` removes one, and the
 * SDK sends notifications/tools/list_changed each time. Used by the list_changed test.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "changing-tools", version: "1.0.0" });
const added = new Map();

server.registerTool(
  "add-tool",
  { description: "Adds a tool that answers with its own name", inputSchema: { name: z.string() } },
  async ({ name }) => {
    added.set(
      name,
      server.registerTool(name, { description: `The ${name} tool` }, async () => ({
        content: [{ type: "text", text: name }],
      })),
    );
    return { content: [{ type: "text", text: `added ${name}` }] };
  },
);

server.registerTool(
  "remove-tool",
  { description: "Removes a tool added by add-tool", inputSchema: { name: z.string() } },
  async ({ name }) => {
    added.get(name)?.remove();
    added.delete(name);
    return { content: [{ type: "text", text: `removed ${name}` }] };
  },
);

await server.connect(new StdioServerTransport());

/**
 * /api/admin/mcp: the agents' MCP servers with their status and tools, and the per-tool switch that
 * withholds a tool from the model (administrators only; every switch is audit-logged). The agents pick the
 * switch up with their next status report (see routes/mcp-status.ts).
 */
import { McpServerName, McpToolName } from "@interject/protocol";
import { Hono } from "hono";
import { z } from "zod";
import { requireAdmin } from "../auth/middleware.ts";
import type { AppEnv, Services } from "../context.ts";
import { mcpOverview, setToolSwitch } from "../mcp/mcp-store.ts";
import { clientAddress } from "../security/client-address.ts";
import { validate } from "../security/validate.ts";

const AgentParam = z.object({ agent: z.string().min(1).max(64) });
const ToolSwitch = z.strictObject({ server: McpServerName, tool: McpToolName, enabled: z.boolean() });

export function adminMcpRoutes(s: Services) {
  return new Hono<AppEnv>()
    .use(requireAdmin(s))
    .get("/", async (c) => c.json({ agents: await mcpOverview(s.db, new Date()) }))
    .put("/agents/:agent/tools", validate("param", AgentParam), validate("json", ToolSwitch), async (c) => {
      const { agent } = c.req.valid("param");
      const { server, tool, enabled } = c.req.valid("json");
      await setToolSwitch(s.db, { agent, server, tool, enabled, by: c.var.user.id }, new Date());
      s.audit.record({
        actorUserId: c.var.user.id,
        action: "mcp.tool.switched",
        targetType: "mcp_tool",
        targetId: `${agent}/${server}/${tool}`,
        detail: { agent, server, tool, enabled },
        source: clientAddress(c, s.env.INTERJECT_TRUST_PROXY),
      });
      return c.json({ agent, server, tool, enabled });
    });
}

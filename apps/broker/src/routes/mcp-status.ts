/**
 * /internal/v1/mcp: where agents report their MCP servers (bearer ingest token). The answer carries the tools
 * an administrator switched off for that agent: AWS gives the broker no route to an agent container, so the
 * agent learns its switches by reporting (at start, on every change, and every `reportSeconds`).
 */
import { MAX_MCP_STATUS_BYTES, McpStatusAnswer, McpStatusReport } from "@interject/protocol";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv, Services } from "../context.ts";
import { ApiError } from "../errors.ts";
import { saveReport } from "../mcp/mcp-store.ts";
import { requireIngestToken } from "../security/ingest-token.ts";
import { validate } from "../security/validate.ts";

export function mcpStatusRoutes(s: Services) {
  return new Hono<AppEnv>().use(requireIngestToken(s)).post(
    "/status",
    bodyLimit({
      maxSize: MAX_MCP_STATUS_BYTES,
      onError: (c) => {
        c.header("Connection", "close");
        throw new ApiError(
          413,
          "payload_too_large",
          `an MCP status report may be at most ${MAX_MCP_STATUS_BYTES} bytes`,
        );
      },
    }),
    validate("json", McpStatusReport),
    async (c) => {
      const withheld = await saveReport(s.db, c.req.valid("json"), new Date());
      return c.json(McpStatusAnswer.parse({ withheld }), 200);
    },
  );
}

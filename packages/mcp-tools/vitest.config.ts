/** Vitest project for the MCP tools: config and naming units, and integration tests against real MCP servers from npm. */
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "mcp-tools",
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

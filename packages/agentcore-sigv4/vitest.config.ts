import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "agentcore-sigv4", include: ["src/**/*.test.ts"], testTimeout: 60_000 },
});

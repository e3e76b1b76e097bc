import { defineProject } from "vitest/config";

// The integration tests start real agent processes and drive them through whole answers.
export default defineProject({
  test: { name: "conformance", include: ["src/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 60_000 },
});

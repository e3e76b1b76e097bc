import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "basic-agent", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});

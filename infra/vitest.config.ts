/** Vitest project for the CDK app: synthesizes the stacks in-process and asserts on the templates. */
import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "infra", include: ["src/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});

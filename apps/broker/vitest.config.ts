/** The broker's tests: real servers on port 0, the database chosen by INTERJECT_TEST_DB (see src/test/). */
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "broker",
    include: ["src/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

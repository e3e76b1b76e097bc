/** One Vitest run for the whole tree: each package with tests is a project with its own settings. */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "examples/*", "infra"],
  },
});

import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "attachments", include: ["src/**/*.test.ts"] },
});

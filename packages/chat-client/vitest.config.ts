/** Vitest project for the chat client: pure reducer/policy tests and an integration test against a real ws server. */
import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "chat-client", include: ["src/**/*.test.ts"], testTimeout: 20_000 },
});

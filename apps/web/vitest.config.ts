/** Vitest project for the web app: components rendered in jsdom with Testing Library. */
import react from "@vitejs/plugin-react";
import { defineProject } from "vitest/config";

export default defineProject({
  plugins: [react()],
  test: {
    name: "web",
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["./test/jsdom-setup.ts"],
    testTimeout: 20_000,
  },
});

/** Vitest project for speech: pure DSP tests, and tests that run the real espeak-ng and pocketsphinx. */
import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "speech", include: ["src/**/*.test.ts"], testTimeout: 30_000 },
});

/**
 * Playwright against the real stack, started by the project's own `scripts/start.mjs` on test ports with a
 * fresh data directory, in Debian's Chromium (Playwright's own browser downloads cannot reach us).
 * DATABASE_URL, when set, puts the broker on PostgreSQL (scripts/with-postgres.sh does that in `pnpm test`).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./fixtures/chromium.ts";
import { mcpStack } from "./fixtures/mcp.ts";
import { stack } from "./fixtures/stack.ts";

process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "interject-e2e-"));
mcpStack();

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: stack.publicUrl,
    browserName: "chromium",
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: { executablePath: chromiumPath, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: "node ../scripts/start.mjs",
    url: `${stack.publicUrl}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: stack.env(),
  },
});

/**
 * Type-only entry for the web app's Hono `hc` client: `import type { AppType } from "@interject/broker/client"`.
 * Erased at build time, so the web bundle never includes broker code.
 */
export type { AppType } from "./app.ts";

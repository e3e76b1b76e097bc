/**
 * The web app's settings, read once (by vite.config.ts, at dev-server start and at build time) with
 * `readSettings` from @interject/settings, as every app reads its own. The browser bundle itself has no
 * settings: it talks to `/api` on its own origin. Documented in ../README.md#settings.
 */
import { readSettings, setting } from "@interject/settings";
import { z } from "zod";

const shape = {
  /** Port of the Vite dev server. */
  WEB_DEV_PORT: setting.int(5173, 1, 65_535),
  /** Where the dev server proxies `/api` (the broker). */
  WEB_BROKER_URL: z.url().default("http://127.0.0.1:3000"),
  /**
   * The origin the broker calls its own (its INTERJECT_PUBLIC_URL): the proxy rewrites `Origin` to it so the
   * broker's CSRF check accepts state-changing requests made through the dev server.
   */
  WEB_BROKER_ORIGIN: z.url().default("http://localhost:3000"),
};

export type WebEnv = z.infer<z.ZodObject<typeof shape>>;

export function readEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  return readSettings("web", shape, source);
}

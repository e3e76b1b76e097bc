/**
 * The web app's settings, read once (by vite.config.ts, at dev-server start and at build time) and
 * validated with zod. The browser bundle itself has no settings: it talks to `/api` on its own origin.
 */
import { z } from "zod";

const Env = z.object({
  /** Port of the Vite dev server. */
  WEB_DEV_PORT: z.coerce.number().int().min(1).max(65_535).default(5173),
  /** Where the dev server proxies `/api` (the broker). */
  WEB_BROKER_URL: z.url().default("http://127.0.0.1:3000"),
  /**
   * The origin the broker calls its own (its INTERJECT_PUBLIC_URL): the proxy rewrites `Origin` to it so the
   * broker's CSRF check accepts state-changing requests made through the dev server.
   */
  WEB_BROKER_ORIGIN: z.url().default("http://localhost:3000"),
});

export type WebEnv = z.infer<typeof Env>;

export function readEnv(source: Record<string, string | undefined> = process.env): WebEnv {
  const result = Env.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  throw new Error(`Invalid web settings (${problems}). See apps/web/README.md#settings.`);
}

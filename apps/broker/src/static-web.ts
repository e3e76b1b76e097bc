/**
 * Serves the built web app (INTERJECT_WEB_DIR, default apps/web/dist) at / with an SPA fallback to
 * index.html, when that folder exists. API paths never fall through to it.
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import type { AppEnv } from "./context.ts";

export function webRoutes(webDir: string) {
  const app = new Hono<AppEnv>();
  const dir = resolve(webDir);
  if (!existsSync(resolve(dir, "index.html"))) return app;
  const root = relative(process.cwd(), dir) || ".";
  const files = serveStatic({ root });
  const spa = serveStatic({ root, path: "index.html" });
  const isApi = (path: string) => path.startsWith("/api/") || path.startsWith("/internal/");
  app.get("*", (c, next) => (isApi(c.req.path) ? next() : files(c, next)));
  app.get("*", (c, next) => (isApi(c.req.path) ? next() : spa(c, next)));
  return app;
}

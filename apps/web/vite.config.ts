/**
 * Vite: the dev server on WEB_DEV_PORT proxies `/api` to the broker, rewriting `Origin` to the broker's own
 * origin so its CSRF check accepts dev requests; the production build goes to dist/ (served by the broker)
 * with no inline script, as the broker's CSP forbids them.
 */
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { readEnv } from "./src/env.ts";
import { chunkOptions, compileHint } from "./vite.chunks.ts";

const env = readEnv();
const brokerOrigin = new URL(env.WEB_BROKER_ORIGIN).origin;

export default defineConfig({
  plugins: [react(), compileHint()],
  server: {
    port: env.WEB_DEV_PORT,
    strictPort: true,
    proxy: {
      "/api": {
        target: env.WEB_BROKER_URL,
        changeOrigin: true,
        // Replaces the browser's Origin (the dev server's) on every proxied request.
        headers: { origin: brokerOrigin },
      },
    },
  },
  // The code highlighter's worker loads its grammars on demand, which needs ES module output.
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
    rolldownOptions: { output: chunkOptions },
  },
});

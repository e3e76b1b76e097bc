/** Builds the benchmark page (bench/index.html) with the app's real components into node_modules/.cache/bench-dist (ignored by git and Biome). */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { chunkOptions, compileHint } from "../vite.chunks.ts";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react(), compileHint()],
  logLevel: "warn",
  // The code highlighter's worker loads its grammars on demand, which needs ES module output.
  worker: { format: "es" },
  build: {
    outDir: fileURLToPath(new URL("../node_modules/.cache/bench-dist", import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4096,
    rolldownOptions: { output: chunkOptions },
    // Readable function names in the CPU profile.
    minify: process.env.BENCH_PROFILE !== "1",
  },
});

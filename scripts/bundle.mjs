#!/usr/bin/env node
// Bundles an app for production: `node ../../scripts/bundle.mjs src/main.ts dist/main.js` from the app's
// folder. Workspace packages (@interject/*, which export TypeScript source) are inlined; every third-party
// package stays external and is installed in the image as a production dependency (native addons and wasm
// files cannot be bundled).
import { build } from "esbuild";

const [entry = "src/main.ts", outfile = "dist/main.js"] = process.argv.slice(2);

await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  sourcemap: true,
  legalComments: "none",
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [
    {
      name: "third-party-external",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith("@interject/") ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});

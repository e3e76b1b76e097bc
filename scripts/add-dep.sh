#!/bin/sh
# Adds a dependency the house way, safely while other engineers work in the same tree:
#   sh scripts/add-dep.sh <package-dir> <name>@<exact-version> [--dev]
# It writes the version once into the catalog in pnpm-workspace.yaml (unless it is there already), refers to
# it as "catalog:" from the package, and installs, all under one lock.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
dir="$1"; spec="$2"; kind="${3:-}"
name="${spec%@*}"; version="${spec##*@}"
[ -n "$name" ] && [ "$name" != "$spec" ] || { echo "usage: add-dep.sh <package-dir> <name>@<version> [--dev]" >&2; exit 2; }
exec 9>/tmp/interject-pnpm.lock
flock 9
cd "$ROOT"
node - "$dir" "$name" "$version" "$kind" <<'JS'
const fs = require("node:fs");
const [dir, name, version, kind] = process.argv.slice(2);
const ws = fs.readFileSync("pnpm-workspace.yaml", "utf8").split("\n");
const start = ws.indexOf("catalog:");
let end = start + 1;
while (end < ws.length && ws[end].startsWith("  ")) end++;
const key = /^[a-z0-9-]+$/.test(name) ? name : JSON.stringify(name);
const entries = ws.slice(start + 1, end);
if (!entries.some((l) => l.trim().startsWith(`${key}:`))) {
  entries.push(`  ${key}: ${version}`);
  entries.sort((a, b) => a.replace(/"/g, "").localeCompare(b.replace(/"/g, "")));
  ws.splice(start + 1, end - start - 1, ...entries);
  fs.writeFileSync("pnpm-workspace.yaml", ws.join("\n"));
}
const pkgPath = `${dir}/package.json`;
const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8"));
const field = kind === "--dev" ? "devDependencies" : "dependencies";
pkg[field] = { ...(pkg[field] ?? {}), [name]: "catalog:" };
pkg[field] = Object.fromEntries(Object.entries(pkg[field]).sort(([a], [b]) => a.localeCompare(b)));
fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
JS
pnpm install --reporter=silent

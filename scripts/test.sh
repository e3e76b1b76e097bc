#!/bin/sh
# `pnpm test`: lint and format check, type check, every unit and integration test (the broker's on the
# embedded database and again on a real PostgreSQL server), then the end-to-end tests in Chromium on both.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
step() { printf '\n== %s\n' "$1"; }

step "lint and format (biome)"
pnpm exec biome ci .

step "type check"
pnpm -r --workspace-concurrency=1 typecheck

step "unit and integration tests (vitest; broker on embedded PGlite)"
pnpm exec vitest run

step "broker tests on PostgreSQL"
sh scripts/with-postgres.sh pnpm exec vitest run --project broker

step "end-to-end tests in Chromium (embedded database)"
sh scripts/ensure-chromium.sh
pnpm --dir e2e test

step "end-to-end tests in Chromium (PostgreSQL)"
sh scripts/with-postgres.sh pnpm --dir e2e test

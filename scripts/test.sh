#!/bin/sh
# `pnpm test`: lint and format check, type check, then every unit and integration test.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"

echo "== lint and format (biome)"
pnpm exec biome ci .

echo "== type check"
pnpm -r --workspace-concurrency=1 typecheck

echo "== unit and integration tests (vitest)"
pnpm exec vitest run

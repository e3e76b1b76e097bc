#!/usr/bin/env bash
# `pnpm test`: lint and format check, type check, every unit and integration test (the broker's on the
# embedded database and again on a real PostgreSQL server), then the end-to-end tests in Chromium on both.
# Ends with one line counting every test that ran: "tests: N passed, N failed".
set -euo pipefail
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
LOG=$(mktemp)
step() { printf '\n== %s\n' "$1"; }
# Runs a test command, keeping its output for the count at the end.
run() { "$@" 2>&1 | tee -a "$LOG"; }

# Runs from the EXIT trap: counting must never fail the run (grep finds no "failed" on a green run), and the
# script's own exit status is kept.
summary() {
  set +e +o pipefail
  local plain passed failed
  plain=$(sed 's/\x1b\[[0-9;]*m//g' "$LOG")
  # Vitest: "Tests  12 passed | 1 skipped (13)" or "Tests  1 failed | 11 passed (12)"; Playwright: "  15 passed (2.6m)".
  passed=$(printf '%s\n' "$plain" | grep -E '^\s+Tests\s' | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  failed=$(printf '%s\n' "$plain" | grep -E '^\s+Tests\s' | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  passed=$((passed + $(printf '%s\n' "$plain" | grep -E '^\s+[0-9]+ passed \(' | awk '{s+=$1} END {print s+0}')))
  failed=$((failed + $(printf '%s\n' "$plain" | grep -E '^\s+[0-9]+ failed$' | awk '{s+=$1} END {print s+0}')))
  printf '\ntests: %d passed, %d failed\n' "$passed" "$failed"
}
trap 'rc=$?; summary; rm -f "$LOG"; exit "$rc"' EXIT

step "Debian packages (scripts/debian-packages.txt)"
sh scripts/ensure-debian-packages.sh

step "lint and format (biome)"
pnpm exec biome ci .

step "import cycles, type-only imports included (dpdm)"
pnpm run --silent cycles

step "type check"
pnpm -r --workspace-concurrency=1 typecheck

step "botocore, the reference the SigV4 tests compare against"
INTERJECT_PYTHON=$(sh scripts/find-botocore.sh)
export INTERJECT_PYTHON
echo "$INTERJECT_PYTHON"

step "unit and integration tests (vitest; broker on embedded PGlite)"
run pnpm exec vitest run

step "broker tests on PostgreSQL"
run sh scripts/with-postgres.sh pnpm exec vitest run --project broker

step "end-to-end tests in Chromium (embedded database)"
run pnpm --dir e2e test

step "end-to-end tests in Chromium (PostgreSQL)"
run sh scripts/with-postgres.sh pnpm --dir e2e test

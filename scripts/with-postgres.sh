#!/bin/sh
# Runs a command against a throwaway PostgreSQL server (scripts/postgres.sh), with DATABASE_URL and
# INTERJECT_TEST_DB=postgres set, then stops the server whatever the command's outcome.
#   sh scripts/with-postgres.sh pnpm exec vitest run --project broker
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
eval "$(sh "$HERE/postgres.sh" start)"
trap 'sh "$HERE/postgres.sh" stop "$INTERJECT_PG_DIR"' EXIT INT TERM
export INTERJECT_TEST_DB=postgres
"$@"

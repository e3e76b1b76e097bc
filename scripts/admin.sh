#!/bin/sh
# `pnpm admin <command>`: account administration on the same data as `pnpm start` (the data directory, or
# DATABASE_URL) and the same local runtime (apps/broker/src/cli/admin.ts says what it does), e.g.
#   pnpm admin reset-password admin@interject.local
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
export INTERJECT_DATA_DIR="${INTERJECT_DATA_DIR:-$ROOT/.interject}"
export AGENTCORE_ENDPOINT="${AGENTCORE_ENDPOINT:-http://127.0.0.1:${INTERJECT_RUNTIME_PORT:-8790}}"
cd "$ROOT"
exec node --import tsx "$ROOT/apps/broker/src/cli/admin-main.ts" "$@"

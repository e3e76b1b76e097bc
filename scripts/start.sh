#!/bin/sh
# `pnpm start`: the whole product on embedded defaults (see scripts/start.mjs).
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
exec node "$ROOT/scripts/start.mjs" "$@"

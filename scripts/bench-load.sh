#!/bin/sh
# `pnpm bench:load`: the load benchmark of the whole stack (e2e/load/bench-load.ts).
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
exec pnpm --dir "$ROOT/e2e" bench:load

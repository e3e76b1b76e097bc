#!/bin/sh
# `pnpm bench`: every package's benchmark, one after another (they share two cores: never in parallel).
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
pnpm -r --workspace-concurrency=1 --if-present bench

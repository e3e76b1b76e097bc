#!/bin/sh
# `pnpm start`: starts the product on its embedded defaults.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
echo "interject: nothing to start yet" >&2

#!/bin/sh
# `pnpm start`: the whole product on embedded defaults (see scripts/start.mjs).
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
# The offline voice's programs (scripts/debian-packages.txt): installed when run as root, named otherwise.
# Without them the agent starts with no voice (it logs why) and text chat works as ever.
sh "$ROOT/scripts/ensure-debian-packages.sh" espeak-ng pocketsphinx pocketsphinx-en-us ||
  echo "[interject] the offline voice stays off until they are installed; text chat is unaffected" >&2
exec node "$ROOT/scripts/start.mjs" "$@"

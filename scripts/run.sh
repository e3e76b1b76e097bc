#!/bin/sh
# Entry point of the root scripts (`pnpm start`, `pnpm test`, `pnpm bench`): provides Node and the
# dependencies first, then hands over to the step script of the same name.
. "$(dirname -- "$0")/toolchain.sh"
step="$1"
shift
case "$step" in test) exec bash "$ROOT/scripts/test.sh" "$@" ;; *) exec sh "$ROOT/scripts/$step.sh" "$@" ;; esac

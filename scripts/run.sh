#!/bin/sh
# Entry point of the root scripts (`pnpm start`, `pnpm test`, `pnpm bench`): provides Node and the
# dependencies first, then hands over to the step script of the same name.
. "$(dirname -- "$0")/toolchain.sh"
step="$1"
shift
exec sh "$ROOT/scripts/$step.sh" "$@"

#!/bin/sh
# `pnpm conformance <ws-url> | --arn <runtime ARN> | --agent <registered name> ...`: Interject's protocol
# conformance suite against one agent (packages/conformance/README.md). Prints every check and, last, the level
# reached (full, basic or none); exits 0 at basic or better (or at --require), 1 below it, 2 for bad arguments.
set -eu
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$ROOT"
exec node --import tsx "$ROOT/packages/conformance/src/cli.ts" "$@"

#!/bin/sh
# Playwright drives Debian's Chromium (its own browser downloads cannot reach us): install it when missing.
set -eu
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
else
  echo "Chromium is missing: install Debian's 'chromium' package (or set CHROMIUM_PATH)" >&2
  exit 1
fi

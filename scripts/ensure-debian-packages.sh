#!/bin/sh
# Installs the Debian packages named in scripts/debian-packages.txt that are missing (as root, with apt-get),
# or says which to install and exits 1 when it cannot. Quiet and fast when nothing is missing. With package
# names as arguments, only those (each must be on the list): `pnpm start` asks for the offline voice's.
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
wanted=$(grep -v '^#' "$HERE/debian-packages.txt")
if [ "$#" -gt 0 ]; then
  for p in "$@"; do
    printf '%s\n' "$wanted" | grep -qx -- "$p" || { echo "$p is not in scripts/debian-packages.txt" >&2; exit 2; }
  done
  wanted="$*"
fi
command -v dpkg >/dev/null 2>&1 || { echo "not a Debian system: install the equivalents of $(echo $wanted) yourself" >&2; exit 0; }
missing=""
for p in $wanted; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages:$missing" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  exit 0
fi
echo "missing Debian packages:$missing. Install them with: sudo apt-get install$missing" >&2
exit 1

#!/bin/sh
# The SigV4 tests check our URLs byte for byte against botocore (the AWS SDK for Python). Prints a Python
# that can import it: INTERJECT_PYTHON or python3 when they can, otherwise Debian's python3 with the
# python3-botocore package, installed when missing (as root with apt-get).
set -eu
has_botocore() { "$1" -c 'import botocore' >/dev/null 2>&1; }
for candidate in "${INTERJECT_PYTHON:-}" python3 /usr/bin/python3; do
  if [ -n "$candidate" ] && has_botocore "$candidate"; then
    command -v "$candidate"
    exit 0
  fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian's python3-botocore" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-botocore >/dev/null
  if has_botocore /usr/bin/python3; then
    echo /usr/bin/python3
    exit 0
  fi
fi
echo "botocore is missing: install Debian's python3-botocore package (or set INTERJECT_PYTHON to a Python that has it)" >&2
exit 1

# Sourced by the other scripts: puts a supported Node (>= 22.12) first on PATH and makes sure the
# workspace's dependencies are installed. When the machine's Node is older, the Node binary comes from
# the npm registry's `node` package (the only registry this project may rely on), cached per user.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
NODE_WANTED=$(cat "$ROOT/.node-version")

node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if ! node_ok; then
  cache="${INTERJECT_TOOLCHAIN_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/interject}/node-$NODE_WANTED"
  if [ ! -x "$cache/node_modules/.bin/node" ]; then
    echo "interject: Node $(node --version 2>/dev/null || echo 'not found') is older than 22.12; installing node@$NODE_WANTED from the npm registry into $cache" >&2
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-save --no-package-lock --no-audit --no-fund "node@$NODE_WANTED" >&2
  fi
  PATH="$cache/node_modules/.bin:$PATH"
  export PATH
  node_ok || { echo "interject: could not provide Node >= 22.12 (see $cache)" >&2; exit 1; }
fi

if ! command -v pnpm >/dev/null 2>&1; then
  echo "interject: pnpm not found; install it with 'npm install -g pnpm@10.34.9' or 'corepack enable'" >&2
  exit 1
fi

# Fast when nothing changed; installs whatever a fresh clone lacks. Frozen: the lockfile is the truth.
if [ "${INTERJECT_SKIP_INSTALL:-}" != "1" ]; then
  (cd "$ROOT" && pnpm install --frozen-lockfile --prefer-offline --reporter=silent)
fi
export INTERJECT_SKIP_INSTALL=1

#!/bin/sh
# A throwaway PostgreSQL server for tests, from Debian's packages.
#   eval "$(sh scripts/postgres.sh start)"   -> exports DATABASE_URL and INTERJECT_PG_DIR
#   sh scripts/postgres.sh stop "$INTERJECT_PG_DIR"
# start installs `postgresql` with apt when it is missing (as root), makes a cluster in a temp dir owned by
# the `postgres` user (or the current user when not root), starts it on a free 127.0.0.1 port with trust
# authentication (nothing but this machine can reach it), and creates the database `interject`.
set -eu
cmd="${1:-start}"

bindir() {
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  if ! BIN=$(bindir); then
    [ "$(id -u)" = 0 ] || { echo "postgresql is not installed and this is not root" >&2; exit 1; }
    echo "installing postgresql with apt" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    BIN=$(bindir)
  fi
  DIR=$(mktemp -d /tmp/interject-pg.XXXXXX)
  chmod 755 "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DIR -c fsync=off -c max_connections=200" \
    start >/dev/null
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres interject
  echo "export DATABASE_URL=postgresql://postgres@127.0.0.1:$PORT/interject"
  echo "export INTERJECT_PG_DIR=$DIR"
  ;;
stop)
  DIR="${2:?usage: postgres.sh stop <dir>}"
  BIN=$(bindir)
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  ;;
*)
  echo "usage: postgres.sh start | stop <dir>" >&2
  exit 2
  ;;
esac

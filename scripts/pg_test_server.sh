#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the tests and print its URL (the only stdout line):
#   export PROPDESK_TEST_PG=$(scripts/pg_test_server.sh)
# The cluster lives under /tmp, listens on loopback only, trusts loopback connections and is
# owned by the `postgres` user when run as root (initdb refuses root). Stop it with
#   scripts/pg_test_server.sh stop DIR      (DIR is printed on stderr)
set -euo pipefail

bindir=""
for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/pg_ctl" ] && bindir=$d
done
PG_CTL=${PG_CTL:-${bindir:+$bindir/}pg_ctl}
INITDB=${INITDB:-${bindir:+$bindir/}initdb}

as_owner() {  # run a command as the cluster's owner
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-}" = stop ]; then
    as_owner "$PG_CTL" -D "$2/data" -m fast -w stop >&2
    rm -rf "$2"
    exit 0
fi

port=${PGPORT_TEST:-}
if [ -z "$port" ]; then  # a free loopback port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi

dir=$(mktemp -d /tmp/propdesk-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
as_owner "$INITDB" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
# small and fast: no durability needed for a test server
as_owner "$PG_CTL" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "cluster in $dir (stop: $0 stop $dir)" >&2
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"

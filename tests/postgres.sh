#!/usr/bin/env bash
# Starts (start) or stops (stop) a private PostgreSQL server for the tests, on loopback.
#   tests/postgres.sh start   prints the connection string on stdout
#   tests/postgres.sh stop
#   tests/postgres.sh pause|resume   an outage: stop the server keeping its data, start it again
# The server runs as the postgres user from a folder of its own under /tmp; it is installed
# from Debian's packages when the machine does not have it.
set -euo pipefail
port=${PLATFORMWATCH_PG_PORT:-54329}
folder=${PLATFORMWATCH_PG_FOLDER:-/tmp/platformwatch-postgres}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

as_postgres() { runuser -u postgres -- "$@"; }

case "${1:-}" in
  start)
    if [[ -z $bin || ! -x $bin/initdb ]]; then
      echo "installing PostgreSQL" >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    if [[ -f $folder/data/postmaster.pid ]]; then
      as_postgres "$bin/pg_ctl" -D "$folder/data" -m immediate stop >&2 || true
    fi
    rm -rf "$folder"
    mkdir -p "$folder"
    chown postgres:postgres "$folder"
    as_postgres "$bin/initdb" -D "$folder/data" -A trust -U postgres --no-sync -E UTF8 >/dev/null
    # Test settings: no fsync (the data is thrown away; the machine does not crash under a test), enough
    # connections for parallel writers. Commits stay synchronous: the outage tests kill the server, and
    # a commit the worker was told about must survive that, as on a production server.
    as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >&2
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    if [[ -n $bin && -f $folder/data/postmaster.pid ]]; then
      as_postgres "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >&2 || true
    fi
    ;;
  pause)
    # An outage: the server stops (connections are cut), its data stays for 'resume'.
    as_postgres "$bin/pg_ctl" -D "$folder/data" -m immediate -w stop >&2
    ;;
  resume)
    as_postgres "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >&2
    ;;
  *)
    echo "usage: $0 start|stop|pause|resume" >&2
    exit 2
    ;;
esac

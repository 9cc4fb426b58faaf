# Sourced by .ci/run: starts a private PostgreSQL cluster for the tests and exports
# SYNCLINE_TEST_POSTGRES. Installs PostgreSQL when absent (needs root, as CI is).
# The caller stops it with stop_postgres (set as an EXIT trap).

pg_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
}

if [ -z "$(pg_bin_dir)" ]; then
  echo "PostgreSQL not found: installing it" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN="$(pg_bin_dir)"

# initdb refuses to run as root; the package made a postgres user for this.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

PG_DIR="$(mktemp -d /tmp/syncline-pg.XXXXXX)"
[ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 >/dev/null
# A port found free can be taken before the server binds it: try a few.
for attempt in 1 2 3 4 5; do
  PG_PORT="$(free_port)"
  if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null; then
    break
  fi
  echo "PostgreSQL did not start on port $PG_PORT (attempt $attempt):" >&2
  tail -n 5 "$PG_DIR/server.log" >&2 || true
  [ "$attempt" -eq 5 ] && { echo "giving up on PostgreSQL" >&2; exit 1; }
done

stop_postgres() {
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

export SYNCLINE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT for the tests" >&2

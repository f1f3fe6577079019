#!/usr/bin/env bash
# Provides a local PostgreSQL for the store contract tests on a Debian machine (run as root).
#
# Idempotent: installs the `postgresql` package only when no server binary is present, creates a
# cluster only when none exists, starts it only when it is down, and creates (or re-passwords)
# the test role and database. When the server accepts connections it prints
#
#   export HETERODYNE_TEST_PG_URL=postgres://USER:PASSWORD@127.0.0.1:PORT/DATABASE
#
# on stdout (everything else goes to stderr) and writes the same line to $HETERODYNE_PG_ENV_FILE,
# so a CI script can use either `eval "$(.ci/postgres.sh)"` or `.ci/postgres.sh && . FILE`.
#
# Settings (environment):
#   HETERODYNE_PG_USER       role to create            (default: heterodyne)
#   HETERODYNE_PG_PASSWORD   its password              (default: heterodyne-test)
#   HETERODYNE_PG_DATABASE   database it owns          (default: heterodyne_test)
#   HETERODYNE_PG_ENV_FILE   where to write the export (default: /tmp/heterodyne-postgres.env)
#   HETERODYNE_PG_WAIT_SECONDS  how long to wait for the server (default: 60)
#   HETERODYNE_PG_TLS_DIR    where the server's self-signed certificate is made
#                            (default: /etc/postgresql/heterodyne-tls)
#
# TLS: the server gets a self-signed certificate for 127.0.0.1 (made with openssl once, kept
# while valid for another day) and `ssl = on` (plain connections still work); the env file
# also exports HETERODYNE_TEST_PG_SSLROOTCERT, the certificate to verify it with
# (sslmode=verify-full&sslrootcert=...).
set -euo pipefail

PG_USER="${HETERODYNE_PG_USER:-heterodyne}"
PG_PASSWORD="${HETERODYNE_PG_PASSWORD:-heterodyne-test}"
PG_DATABASE="${HETERODYNE_PG_DATABASE:-heterodyne_test}"
ENV_FILE="${HETERODYNE_PG_ENV_FILE:-/tmp/heterodyne-postgres.env}"
WAIT_SECONDS="${HETERODYNE_PG_WAIT_SECONDS:-60}"
TLS_DIR="${HETERODYNE_PG_TLS_DIR:-/etc/postgresql/heterodyne-tls}"

log() { echo "postgres.sh: $*" >&2; }
fail() {
  log "error: $*"
  exit 1
}

[[ "$(id -u)" == 0 ]] || fail "must run as root (it installs packages and manages the cluster)"
[[ "$PG_USER" =~ ^[a-z_][a-z0-9_]*$ ]] || fail "HETERODYNE_PG_USER '$PG_USER' is not a plain identifier"
[[ "$PG_DATABASE" =~ ^[a-z_][a-z0-9_]*$ ]] ||
  fail "HETERODYNE_PG_DATABASE '$PG_DATABASE' is not a plain identifier"
[[ "$PG_PASSWORD" =~ ^[A-Za-z0-9._~-]+$ ]] ||
  fail "HETERODYNE_PG_PASSWORD may only use URL-safe characters [A-Za-z0-9._~-]"

# Newest installed server version (the directory name under /usr/lib/postgresql), or nothing.
server_version() {
  local bin
  for bin in $(printf '%s\n' /usr/lib/postgresql/*/bin/postgres | sort -V -r); do
    if [[ -x "$bin" ]]; then
      basename "$(dirname "$(dirname "$bin")")"
      return
    fi
  done
}

VERSION="$(server_version)"
if [[ -z "$VERSION" ]] || ! command -v pg_ctlcluster >/dev/null; then
  log "installing PostgreSQL (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
  VERSION="$(server_version)"
  [[ -n "$VERSION" ]] || fail "apt-get installed postgresql but no server binary was found"
fi
log "PostgreSQL $VERSION"

# pg_lsclusters -h prints: version cluster port status owner datadir logfile
CLUSTER="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v { print $2; exit }')"
if [[ -z "$CLUSTER" ]]; then
  CLUSTER=main
  log "creating cluster $VERSION/$CLUSTER"
  pg_createcluster "$VERSION" "$CLUSTER" >&2
fi

cluster_field() {
  pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" -v f="$1" '$1 == v && $2 == c { print $f }'
}

PORT="$(cluster_field 3)"
if [[ "$(cluster_field 4)" != online* ]]; then
  log "starting cluster $VERSION/$CLUSTER on port $PORT"
  # Debian keeps the socket directory on a tmpfs created by systemd; containers lack it.
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

deadline=$((SECONDS + WAIT_SECONDS))
until pg_isready -q -h 127.0.0.1 -p "$PORT"; do
  ((SECONDS < deadline)) || fail "server on 127.0.0.1:$PORT not ready after ${WAIT_SECONDS}s"
  sleep 1
done
log "server accepts connections on 127.0.0.1:$PORT"

as_postgres() { runuser -u postgres -- "$@"; }
psql_admin() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" -d postgres "$@"; }

# Role: create it, or reset its password so the printed URL is always valid.
psql_admin -v user="$PG_USER" -v password="$PG_PASSWORD" >&2 <<'SQL'
SELECT format(
  CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user')
    THEN 'ALTER ROLE %I WITH LOGIN PASSWORD %L'
    ELSE 'CREATE ROLE %I WITH LOGIN PASSWORD %L'
  END, :'user', :'password') \gexec
SQL

if [[ -z "$(psql_admin -tA -v db="$PG_DATABASE" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" ]]; then
  log "creating database $PG_DATABASE owned by $PG_USER"
  as_postgres createdb -p "$PORT" -O "$PG_USER" "$PG_DATABASE"
fi

# TLS with a self-signed certificate naming 127.0.0.1 (and only it, so a client asking for
# another name is refused by verify-full).
command -v openssl >/dev/null || {
  log "installing openssl (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq openssl >&2
}
CERT="$TLS_DIR/server.crt"
KEY="$TLS_DIR/server.key"
if [[ ! -s "$CERT" || ! -s "$KEY" ]] || ! openssl x509 -checkend 86400 -noout -in "$CERT" >/dev/null 2>&1; then
  log "creating a self-signed TLS certificate in $TLS_DIR"
  install -d -o postgres -g postgres -m 0755 "$TLS_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
    -keyout "$KEY" -out "$CERT" 2>/dev/null || fail "openssl could not create the certificate"
  chown postgres:postgres "$CERT" "$KEY"
  chmod 0644 "$CERT"
  chmod 0600 "$KEY"
fi
psql_admin -v cert="$CERT" -v key="$KEY" >&2 <<'SQL'
ALTER SYSTEM SET ssl_cert_file = :'cert';
ALTER SYSTEM SET ssl_key_file = :'key';
ALTER SYSTEM SET ssl = on;
SELECT pg_reload_conf();
SQL
# The reload is asynchronous: wait until a TLS connection is accepted.
deadline=$((SECONDS + WAIT_SECONDS))
until PGSSLMODE=verify-full PGSSLROOTCERT="$CERT" \
  psql -X -q "postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${PORT}/${PG_DATABASE}" \
  -tAc 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()' 2>/dev/null | grep -qx t; do
  ((SECONDS < deadline)) || fail "server on 127.0.0.1:$PORT does not accept TLS (verify-full) after ${WAIT_SECONDS}s"
  sleep 1
done
log "TLS on (certificate $CERT)"

URL="postgres://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${PORT}/${PG_DATABASE}"
psql -X -q -v ON_ERROR_STOP=1 "$URL" -c 'SELECT 1' >/dev/null ||
  fail "cannot connect as $PG_USER to $PG_DATABASE over TCP"

LINE="export HETERODYNE_TEST_PG_URL=${URL}"
LINE="$LINE
export HETERODYNE_TEST_PG_SSLROOTCERT=${CERT}"
printf '%s\n' "$LINE" >"$ENV_FILE"
log "wrote $ENV_FILE"
printf '%s\n' "$LINE"

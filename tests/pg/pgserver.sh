#!/usr/bin/env bash
# pgserver.sh: a throwaway PostgreSQL 15 server for the differential tests.
#
# The server lives in a fresh `mktemp -d` folder, listens only on a unix
# socket inside that folder (listen_addresses = ''), trusts every local
# connection, and is stopped and removed when you are done.
#
# As a command:
#   tests/pg/pgserver.sh run CMD [ARG...]
#       start a server, run CMD with PGHOST/PGPORT/PGUSER/PGDATABASE/PGBIN
#       exported, then stop it and remove the folder (also on Ctrl-C, TERM,
#       or when CMD fails). Exits with CMD's status.
#   tests/pg/pgserver.sh start
#       start a server and leave it running; prints shell assignments
#       (PGSERVER_DIR=... PGHOST=... PGPORT=... PGUSER=... PGDATABASE=...
#       PGBIN=...). You must stop it yourself with:
#   tests/pg/pgserver.sh stop DIR
#       stop the server living in DIR (the PGSERVER_DIR printed by start) and
#       remove DIR.
#
# As a library:
#   . tests/pg/pgserver.sh
#   pgserver_start      # exports the variables above; installs an EXIT/INT/TERM
#                       # trap that calls pgserver_stop (PGSERVER_NO_TRAP=1 to skip)
#   psql -c 'select 1'
#   pgserver_stop       # idempotent
#
# Root: initdb refuses to run as root, so when invoked as root the server
# runs as the `postgres` OS user (runuser, or su as a fallback) and the temp
# folder is owned by postgres; clients connect as PGUSER=postgres.
# Normal user: the server runs as you and PGUSER is your user name; a
# superuser role named `postgres` is created as well, because real-world
# schemas (pg_dump output) say `OWNER TO postgres`.
#
# Environment:
#   PG_BINDIR        server binaries (default /usr/lib/postgresql/15/bin)
#   PGSERVER_TMPDIR  where to create the temp folder (default $TMPDIR or /tmp;
#                    always /tmp-like: it must be reachable by the postgres
#                    user when running as root)
#   PGSERVER_OSUSER  OS user for the server when running as root (default postgres)
#   PGSERVER_PORT    port number used in the socket file name (default 5432;
#                    no TCP port is opened)

PG_BINDIR="${PG_BINDIR:-/usr/lib/postgresql/15/bin}"
PGSERVER_OSUSER="${PGSERVER_OSUSER:-postgres}"

# Run a command as the OS user that owns the server.
_pgserver_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            (cd / && runuser -u "$PGSERVER_OSUSER" -- "$@")
        else
            local q="" a
            for a in "$@"; do q="$q $(printf '%q' "$a")"; done
            (cd / && su "$PGSERVER_OSUSER" -s /bin/sh -c "$q")
        fi
    else
        "$@"
    fi
}

_pgserver_log() { printf 'pgserver: %s\n' "$*" >&2; }

# Start a server; exports PGSERVER_DIR PGHOST PGPORT PGUSER PGDATABASE PGBIN.
pgserver_start() {
    local base dir sock data port superuser
    if [ -n "${PGSERVER_DIR:-}" ] && [ -d "$PGSERVER_DIR" ]; then
        _pgserver_log "already running in $PGSERVER_DIR"
        return 0
    fi
    if [ ! -x "$PG_BINDIR/initdb" ] || [ ! -x "$PG_BINDIR/pg_ctl" ]; then
        _pgserver_log "no initdb/pg_ctl in $PG_BINDIR (install postgresql-15 or set PG_BINDIR)"
        return 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        base="${PGSERVER_TMPDIR:-/tmp}"
        superuser="$PGSERVER_OSUSER"
        if ! id "$PGSERVER_OSUSER" >/dev/null 2>&1; then
            _pgserver_log "running as root but OS user '$PGSERVER_OSUSER' does not exist"
            return 1
        fi
    else
        base="${PGSERVER_TMPDIR:-${TMPDIR:-/tmp}}"
        superuser="$(id -un)"
    fi
    dir="$(mktemp -d "$base/dbl-pg.XXXXXX")" || return 1
    sock="$dir/sock"
    data="$dir/data"
    port="${PGSERVER_PORT:-5432}"
    mkdir -p "$sock"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R "$PGSERVER_OSUSER": "$dir"
    fi
    chmod 700 "$dir"

    # From here on, a failure must not leave the folder behind.
    PGSERVER_DIR="$dir"
    export PGSERVER_DIR

    if ! _pgserver_as_owner "$PG_BINDIR/initdb" -D "$data" -E UTF8 --no-locale \
            --auth=trust -U "$superuser" --no-sync >"$dir/initdb.log" 2>&1; then
        _pgserver_log "initdb failed:"
        cat "$dir/initdb.log" >&2
        pgserver_stop
        return 1
    fi
    _pgserver_as_owner sh -c "cat >> '$data/postgresql.conf'" <<EOF

# --- dbl tests/pg/pgserver.sh ---
listen_addresses = ''
unix_socket_directories = '$sock'
port = $port
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 20
log_min_messages = warning
EOF
    if ! _pgserver_as_owner "$PG_BINDIR/pg_ctl" -D "$data" -l "$dir/server.log" \
            -w -t 60 start >"$dir/pg_ctl.log" 2>&1; then
        _pgserver_log "pg_ctl start failed:"
        cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null
        pgserver_stop
        return 1
    fi

    PGHOST="$sock"
    PGPORT="$port"
    PGUSER="$superuser"
    PGDATABASE=postgres
    PGBIN="$PG_BINDIR"
    export PGHOST PGPORT PGUSER PGDATABASE PGBIN

    if [ "$superuser" != postgres ]; then
        "$PG_BINDIR/psql" -XAtq -v ON_ERROR_STOP=1 -c \
            "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'postgres') THEN CREATE ROLE postgres SUPERUSER LOGIN; END IF; END\$\$" \
            >/dev/null || _pgserver_log "warning: could not create role postgres"
    fi

    if [ "${PGSERVER_NO_TRAP:-0}" != 1 ]; then
        trap 'pgserver_stop' EXIT
        trap 'pgserver_stop; trap - INT; kill -INT $$' INT
        trap 'pgserver_stop; exit 143' TERM
        trap 'pgserver_stop; exit 129' HUP
    fi
    return 0
}

# Stop the server in DIR (default $PGSERVER_DIR) and remove DIR. Idempotent.
pgserver_stop() {
    local dir="${1:-${PGSERVER_DIR:-}}"
    [ -n "$dir" ] || return 0
    [ -d "$dir" ] || { [ "$dir" = "${PGSERVER_DIR:-}" ] && unset PGSERVER_DIR; return 0; }
    case "$(basename "$dir")" in
        dbl-pg.*) ;;
        *) _pgserver_log "refusing to remove '$dir' (not a dbl-pg.* folder)"; return 1 ;;
    esac
    if [ -f "$dir/data/postmaster.pid" ]; then
        _pgserver_as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w -t 30 \
            stop >/dev/null 2>&1 || true
    fi
    # A process that was interrupted at the same moment (initdb cleaning up
    # after itself) may still be writing there: retry once.
    rm -rf "$dir" 2>/dev/null || { sleep 1; rm -rf "$dir"; }
    if [ "$dir" = "${PGSERVER_DIR:-}" ]; then
        unset PGSERVER_DIR
    fi
    return 0
}

_pgserver_main() {
    local cmd="${1:-}"
    shift || true
    case "$cmd" in
        run)
            if [ $# -eq 0 ]; then
                echo "usage: $0 run CMD [ARG...]" >&2
                return 2
            fi
            pgserver_start || return 1
            local rc=0
            "$@" || rc=$?
            pgserver_stop
            trap - EXIT INT TERM HUP
            return $rc
            ;;
        start)
            PGSERVER_NO_TRAP=1 pgserver_start || return 1
            printf 'PGSERVER_DIR=%q\nPGHOST=%q\nPGPORT=%q\nPGUSER=%q\nPGDATABASE=%q\nPGBIN=%q\n' \
                "$PGSERVER_DIR" "$PGHOST" "$PGPORT" "$PGUSER" "$PGDATABASE" "$PGBIN"
            ;;
        stop)
            if [ $# -ne 1 ]; then
                echo "usage: $0 stop DIR" >&2
                return 2
            fi
            pgserver_stop "$1"
            ;;
        *)
            sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
            return 2
            ;;
    esac
}

# Executed (not sourced)?
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    _pgserver_main "$@"
    exit $?
fi

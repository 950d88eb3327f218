#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the integration tests and records it in .pg/.
# Reuses the recorded cluster when it is still answering. Prints one line; never the password.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

bindir=$(pg_bindir) || die "PostgreSQL server binaries not found (install: postgresql); run scripts/deps.sh"
version=$("$bindir/postgres" --version | sed -nE 's/.*\(PostgreSQL\) ([0-9]+(\.[0-9]+)?).*/\1/p')
major=${version%%.*}
[[ $major =~ ^[0-9]+$ ]] || die "cannot tell the PostgreSQL version of $bindir/postgres"
((major >= 15)) || die "PostgreSQL $version in $bindir is too old; seedctl needs 15 or newer"

announce() { echo "PostgreSQL $version on 127.0.0.1:$1 (data in $2)"; }

# Reuse a cluster that is still running.
if [[ -f $state_dir/dir ]]; then
    old_dir=$(<"$state_dir/dir")
    old_port=$(recorded_port || true)
    if [[ -n $old_port ]] && is_our_dir "$old_dir" &&
        "$bindir/pg_isready" -q -h 127.0.0.1 -p "$old_port" -t 5; then
        announce "$old_port" "$old_dir"
        exit 0
    fi
    # Stale state: clean it up before starting afresh.
    "$(dirname "${BASH_SOURCE[0]}")/pg-down.sh"
fi

if ((EUID == 0)); then
    getent passwd postgres >/dev/null || die "running as root needs the 'postgres' OS user (install: postgresql)"
fi

dir=$(mktemp -d /tmp/seedctl-pg.XXXXXX)
started=
cleanup() {
    if [[ -z $started ]]; then
        as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" stop -m immediate >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
}
trap cleanup EXIT
if ((EUID == 0)); then
    chown postgres: "$dir"
fi
chmod 700 "$dir"

password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
[[ ${#password} == 24 ]] || die "could not generate a password"
(umask 077 && printf '%s\n' "$password" >"$dir/pwfile")
((EUID == 0)) && chown postgres: "$dir/pwfile"

if ! as_owner "$dir" "$bindir/initdb" --pgdata="$dir/data" --auth=scram-sha-256 \
    --username=postgres --pwfile="$dir/pwfile" --encoding=UTF8 --locale=C \
    >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
fi
rm -f "$dir/pwfile"

port_in_use() {
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$1" -t 1 && return 0
    # pg_isready says "no response" for non-PostgreSQL listeners too; probe the socket.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

port=
for candidate in $(seq 54320 54419); do
    port_in_use "$candidate" && continue
    if as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB" \
        start >/dev/null 2>&1; then
        port=$candidate
        break
    fi
    # Lost a race for the port to another process: try the next one; otherwise give up.
    port_in_use "$candidate" && continue
    tail -n 20 "$dir/postgres.log" >&2 || true
    die "could not start PostgreSQL (log above)"
done
[[ -n $port ]] || die "no free TCP port in 54320-54419"

mkdir -p "$state_dir"
(
    umask 077
    printf 'SEEDCTL_TEST_DATABASE_URL=postgres://postgres:%s@127.0.0.1:%s/postgres\n' \
        "$password" "$port" >"$state_dir/env"
    printf '%s\n' "$dir" >"$state_dir/dir"
)
started=1
announce "$port" "$dir"

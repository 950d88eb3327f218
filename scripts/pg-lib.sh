# Shared helpers for pg-up.sh and pg-down.sh; sourced, not executed.
# shellcheck shell=bash

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# SEEDCTL_PG_STATE lets a test run a second, private cluster (e.g. one it restarts).
state_dir=${SEEDCTL_PG_STATE:-$repo_root/.pg}

die() {
    echo "seedctl: $*" >&2
    exit 1
}

# Prints the directory holding initdb, pg_ctl, postgres and pg_isready.
pg_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
            echo "$dir"
            return 0
        fi
    fi
    dir=$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)
    if [[ -n $dir ]]; then
        dirname "$dir"
        return 0
    fi
    return 1
}

# Runs a command as the cluster owner: `postgres` when we are root, else ourselves.
# The working directory is the cluster's temp dir so postgres never needs access to ours.
as_owner() {
    local dir=$1
    shift
    if ((EUID == 0)); then
        if command -v runuser >/dev/null 2>&1; then
            (cd "$dir" && runuser -u postgres -- "$@")
        else
            local cmd
            printf -v cmd '%q ' "$@"
            (cd "$dir" && su postgres -s /bin/sh -c "$cmd")
        fi
    else
        (cd "$dir" && "$@")
    fi
}

# Prints the port recorded in .pg/env, if any.
recorded_port() {
    [[ -f $state_dir/env ]] || return 1
    sed -nE 's#.*@127\.0\.0\.1:([0-9]+)/.*#\1#p' "$state_dir/env"
}

# True when the data directory belongs to one of our throwaway clusters.
is_our_dir() {
    [[ $1 == /tmp/seedctl-pg.* && -d $1 ]]
}

#!/usr/bin/env bash
# Stops the throwaway cluster recorded in .pg/ and removes its data. Quiet when nothing runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

[[ -f $state_dir/dir ]] || { rm -rf "$state_dir"; exit 0; }
dir=$(<"$state_dir/dir")

if is_our_dir "$dir"; then
    if [[ -f $dir/data/postmaster.pid ]]; then
        bindir=$(pg_bindir || true)
        stopped=
        if [[ -n $bindir ]]; then
            for mode in fast immediate; do
                if as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" stop -m "$mode" -w -t 30 \
                    >/dev/null 2>&1; then
                    stopped=1
                    break
                fi
            done
        fi
        if [[ -z $stopped ]]; then
            pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                kill -QUIT "$pid" 2>/dev/null || true
                for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi
    rm -rf "$dir"
fi
rm -rf "$state_dir"

#!/usr/bin/env bash
# Restarts the throwaway cluster recorded in .pg/ (or $SEEDCTL_PG_STATE) with a fast shutdown,
# which ends every connection: the bench tests use it to check that a run rides out a restart.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/pg-lib.sh"

[[ -f $state_dir/dir ]] || die "no throwaway cluster recorded in $state_dir; run scripts/pg-up.sh"
dir=$(<"$state_dir/dir")
is_our_dir "$dir" || die "$dir is not a seedctl throwaway cluster"
bindir=$(pg_bindir) || die "PostgreSQL server binaries not found (install: postgresql)"
as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" restart -m fast -w -t 60 >/dev/null
echo "PostgreSQL restarted (data in $dir)"

#!/usr/bin/env bash
# Seed-throughput benchmark: `seedctl seed` against the ingest limit for the same rows
# (psql \copy / sqlite3 .import of seedctl's own CSV into a freshly migrated schema, one
# transaction), on PostgreSQL and SQLite, side by side on this machine. Called by `make bench`.
#
#   BENCH_PROFILES="default staging large"   profiles to run, in order (that is the default)
#   BENCH_TMPDIR=/tmp                        where the CSV, SQLite files and scratch go
#
# Prints a markdown table per profile on stdout, progress on stderr, and rewrites the
# "Seed throughput" section of docs/BENCHMARKS.md (between the seed-bench marker comments).
# Uses the throwaway cluster of scripts/pg-up.sh; stops it afterwards only if it started it.
#
# The pieces live in scripts/bench-seed/: lib.sh (shared helpers), checks.sh (row checks),
# seedctl.sh (the measured load and the CSV), psql-copy.sh and sqlite-import.sh (the two
# baselines) and markdown.sh (the tables and the docs section).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

bin=$repo_root/.build/release/seedctl
seeds=$repo_root/Seeds
migrations=$repo_root/Migrations
doc=$repo_root/docs/BENCHMARKS.md
tmp_base=${BENCH_TMPDIR:-/tmp}
read -r -a profiles <<<"${BENCH_PROFILES:-default staging large}"
seed=42

# shellcheck source=bench-seed/lib.sh
source "$repo_root/scripts/bench-seed/lib.sh"
# shellcheck source=bench-seed/checks.sh
source "$repo_root/scripts/bench-seed/checks.sh"
# shellcheck source=bench-seed/seedctl.sh
source "$repo_root/scripts/bench-seed/seedctl.sh"
# shellcheck source=bench-seed/psql-copy.sh
source "$repo_root/scripts/bench-seed/psql-copy.sh"
# shellcheck source=bench-seed/sqlite-import.sh
source "$repo_root/scripts/bench-seed/sqlite-import.sh"
# shellcheck source=bench-seed/markdown.sh
source "$repo_root/scripts/bench-seed/markdown.sh"

require_tools
((${#profiles[@]})) || die "BENCH_PROFILES is empty; e.g. BENCH_PROFILES=\"default staging\""
declare -A total_rows=()
for profile in "${profiles[@]}"; do
    [[ $profile =~ ^[A-Za-z0-9_-]+$ ]] || die "invalid profile name '$profile'"
    total_rows[$profile]=$(profile_rows "$profile")
    ((total_rows[$profile] > 0)) || die "profile '$profile' not found in $seeds/profiles.yml"
done

# --- scratch space, cluster and cleanup -----------------------------------------------------

[[ -d $tmp_base && -w $tmp_base ]] || die "$tmp_base is not a writable directory (BENCH_TMPDIR)"
work=$(mktemp -d "$tmp_base/seedctl-bench.XXXXXX") || die "cannot create a temp dir in $tmp_base"
[[ $work != *"'"* ]] || die "temp dir path $work contains a quote"
chmod 755 "$work"

pg_started=
pg_base_url=
pg_dbs=()
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n $pg_base_url ]]; then
        local db
        for db in "${pg_dbs[@]}"; do
            psql -X -q -v ON_ERROR_STOP=1 -d "$pg_base_url" \
                -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 ||
                log "warning: could not drop database $db"
        done
    fi
    rm -rf "$work"
    if [[ -n $pg_started ]]; then
        log "stopping the PostgreSQL cluster this run started"
        "$repo_root/scripts/pg-down.sh" || log "warning: pg-down.sh failed"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

before=$(cat "$repo_root/.pg/dir" 2>/dev/null || true)
"$repo_root/scripts/pg-up.sh" >&2 || die "could not start PostgreSQL (scripts/pg-up.sh)"
after=$(cat "$repo_root/.pg/dir" 2>/dev/null || true)
[[ -n $after ]] || die "scripts/pg-up.sh did not record a cluster in .pg/"
if [[ $before != "$after" ]]; then
    pg_started=1
else
    log "reusing the running cluster in $after (it will be left running)"
fi
pg_data_dir=$after
pg_base_url=$(sed -n 's/^SEEDCTL_TEST_DATABASE_URL=//p' "$repo_root/.pg/env")
[[ $pg_base_url == postgres://*/postgres ]] || die "unexpected URL format in .pg/env"

# --- every profile: seedctl on both backends, the CSV, then the two baselines ---------------

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
sections=()
for profile in "${profiles[@]}"; do
    check_disk "$profile"
    log "== profile $profile: $(group "${total_rows[$profile]}") rows =="
    results=()
    declare -A s_rows=() s_bytes=() s_seconds=() s_rss=() s_stats=()
    for backend in postgres sqlite; do
        bench_seedctl "$backend" "$profile"
        s_rows[$backend]=$seedctl_rows s_bytes[$backend]=$seedctl_bytes
        s_seconds[$backend]=$seedctl_seconds s_rss[$backend]=$seedctl_rss s_stats[$backend]=$seedctl_stats
    done

    csv=$work/csv-$profile
    write_csv "$profile" "$csv"

    for backend in postgres sqlite; do
        seedctl_stats=${s_stats[$backend]} seedctl_rows=${s_rows[$backend]}
        if [[ $backend == postgres ]]; then
            bench_copy_postgres "$profile" "$csv"
            method='psql `\copy` (CSV)'
        else
            bench_import_sqlite "$profile" "$csv"
            method='sqlite3 `.import` (CSV)'
        fi
        s_rate=$(div "${s_rows[$backend]}" "${s_seconds[$backend]}" '%.6f')
        b_rate=$(div "${s_rows[$backend]}" "$base_seconds" '%.6f')
        add_result "$backend" "seedctl seed" "${s_rows[$backend]}" "${s_bytes[$backend]}" \
            "${s_seconds[$backend]}" "${s_rss[$backend]}" "**$(div "$s_rate" "$b_rate" '%.2f')**"
        add_result "$backend" "$method" "${s_rows[$backend]}" "$csv_bytes" "$base_seconds" "$base_rss" "1.00"
    done
    rm -rf "$csv"
    log "$profile: removed the CSV"
    profile_section "$profile"
done

write_seed_section

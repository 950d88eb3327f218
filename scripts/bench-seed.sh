#!/usr/bin/env bash
# Seed-throughput benchmark: `seedctl seed` against each engine's own fastest load of the same
# rows (the limit: server-side binary and text COPY into bare tables then post-data on
# PostgreSQL; an attached-file `INSERT … SELECT *` then indexes on SQLite) and against the CLI
# baselines (psql \copy / sqlite3 .import of seedctl's own CSV into a freshly migrated schema),
# every load one transaction, on PostgreSQL and SQLite, on this machine. Called by `make bench`.
#
#   BENCH_PROFILES="default staging large"   profiles to run, in order (that is the default)
#   BENCH_ROUNDS=1                           rounds of seedctl and the limits, rotating order
#   BENCH_TMPDIR=/tmp                        where the CSV, SQLite files and scratch go
#
# Prints a markdown table per profile on stdout, progress on stderr, and rewrites the
# "Seed throughput" section of docs/BENCHMARKS.md (between the seed-bench marker comments).
# Uses the throwaway cluster of scripts/pg-up.sh; stops it afterwards only if it started it.
#
# The pieces live in scripts/bench-seed/: lib.sh (shared helpers), checks.sh (row checks),
# seedctl.sh (the measured load and the CSV), limits.sh (the engines' limits), psql-copy.sh and
# sqlite-import.sh (the two CLI baselines) and markdown.sh (the tables and the docs section).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

bin=$repo_root/.build/release/seedctl
seeds=$repo_root/Seeds
migrations=$repo_root/Migrations
doc=$repo_root/docs/BENCHMARKS.md
tmp_base=${BENCH_TMPDIR:-/tmp}
read -r -a profiles <<<"${BENCH_PROFILES:-default staging large}"
rounds=${BENCH_ROUNDS:-1}
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
# shellcheck source=bench-seed/limits.sh
source "$repo_root/scripts/bench-seed/limits.sh"
# shellcheck source=bench-seed/markdown.sh
source "$repo_root/scripts/bench-seed/markdown.sh"

require_tools
((${#profiles[@]})) || die "BENCH_PROFILES is empty; e.g. BENCH_PROFILES=\"default staging\""
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number, not '$rounds'"
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

# --- every profile: seedctl and the limit in rotating rounds, then the CSV baselines ----------

# median of the numbers on stdin.
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
# The largest number on stdin.
largest() { sort -g | tail -n 1; }
# record METHOD: appends this run's base_seconds/base_rss (or seedctl's) to the method's runs.
record() {
    if [[ $1 == seedctl ]]; then
        run_seconds[$backend.$1]+="$seedctl_seconds " run_rss[$backend.$1]+="$seedctl_rss "
        run_json[$backend]+="$seedctl_seconds:$seedctl_json "
    else
        run_seconds[$backend.$1]+="$base_seconds " run_rss[$backend.$1]+="$base_rss "
    fi
}
# runs_of KEY: the recorded seconds of KEY, one a line.
runs_of() { tr ' ' '\n' <<<"${run_seconds[$1]}" | sed '/^$/d'; }

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
sections=()
for profile in "${profiles[@]}"; do
    check_disk "$profile"
    log "== profile $profile: $(group "${total_rows[$profile]}") rows, $rounds round(s) =="
    results=() phase_lines=()
    declare -A s_rows=() s_bytes=() s_stats=() run_seconds=() run_rss=() run_json=() limit_bytes=()
    for backend in postgres sqlite; do
        if [[ $backend == postgres ]]; then methods=(seedctl binary text); else methods=(seedctl attached checked); fi
        for round in $(seq 1 "$rounds"); do
            # Rotate the order each round; round 1 starts with seedctl, whose database is the
            # limit's source.
            order=("${methods[@]}")
            for ((i = 0; i < round - 1; i++)); do order=("${order[@]:1}" "${order[0]}"); done
            for method in "${order[@]}"; do
                case $backend.$method in
                postgres.seedctl | sqlite.seedctl)
                    if ((round == 1)); then
                        bench_seedctl "$backend" "$profile" keep
                        s_rows[$backend]=$seedctl_rows s_bytes[$backend]=$seedctl_bytes
                        s_stats[$backend]=$seedctl_stats
                        if [[ $backend == postgres ]]; then
                            limit_files_postgres "$profile" "$seedctl_url"
                            pg_drop "$seedctl_db"
                        else
                            limit_source_sqlite "$profile" "$seedctl_file"
                        fi
                    else
                        bench_seedctl "$backend" "$profile"
                    fi
                    ;;
                postgres.*) bench_limit_postgres "$profile" "$method" ;;
                sqlite.*) bench_limit_sqlite "$profile" "$method" ;;
                esac
                record "$method"
            done
        done
        if [[ $backend == postgres ]]; then rm -rf "$limit_dir"; else rm -f "$limit_source"; fi
    done

    csv=$work/csv-$profile
    write_csv "$profile" "$csv"

    for backend in postgres sqlite; do
        seedctl_stats=${s_stats[$backend]} seedctl_rows=${s_rows[$backend]}
        if [[ $backend == postgres ]]; then
            bench_copy_postgres "$profile" "$csv"
            cli='psql `\copy` (CSV)' limit=binary
        else
            bench_import_sqlite "$profile" "$csv"
            cli='sqlite3 `.import` (CSV)' limit=attached
        fi
        record cli
        declare -A run_bytes=([cli]=$csv_bytes [seedctl]=${s_bytes[$backend]} [binary]=${limit_bytes[binary]}
            [text]=${limit_bytes[text]} [attached]= [checked]=)
        limit_s=$(runs_of "$backend.$limit" | median)
        cli_s=$(runs_of "$backend.cli" | median)
        if [[ $backend == postgres ]]; then methods=(seedctl binary text cli); else methods=(seedctl attached checked cli); fi
        for method in "${methods[@]}"; do
            seconds=$(runs_of "$backend.$method" | median)
            rss=$(tr ' ' '\n' <<<"${run_rss[$backend.$method]}" | sed '/^$/d' | largest)
            case $method in
            seedctl) name='**seedctl seed**' ;;
            binary) name='limit: server-side `COPY … (FORMAT binary)`, then post-data' ;;
            text) name='limit: server-side `COPY …` (text), then post-data' ;;
            attached) name='limit: `INSERT INTO t SELECT * FROM src.t` (attached file, raw records), then indexes' ;;
            checked) name='the same `… FROM src.t WHERE true` (records rebuilt, CHECKs evaluated)' ;;
            cli) name=$cli ;;
            esac
            [[ $method == binary || $method == text ]] && rss= # the server does the work, not psql
            add_result "$backend" "$name" "${s_rows[$backend]}" "${run_bytes[$method]}" "$seconds" "$rss" \
                "$(div "$limit_s" "$seconds" '%.2f')" "$(div "$cli_s" "$seconds" '%.2f')" \
                "$(runs_of "$backend.$method" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }')"
        done
        phase_lines+=("$(seedctl_phases "$backend")")
    done
    rm -rf "$csv"
    log "$profile: removed the CSV"
    profile_section "$profile"
    # Written after every profile, so a run stopped during `large` keeps the profiles it finished.
    write_seed_section
done

#!/usr/bin/env bash
# The cost of a dataset spec (issue 16): `seedctl seed` of one profile, on PostgreSQL and SQLite, with the
# session_tags test module (Tests/IntegrationTests/Fixtures/session_tags: three columns added to
# tech_spec_sessions, one of them from a spec rule, and the new child table tech_session_tags)
# against the same profile without it, each into a fresh migrated database, in rotating order.
# The figure is throughput per row (rows / wall seconds of the load, as `seed --format json`
# reports them); the target is ≥ 0.95× of the run without the module. Called by `make bench`.
#
#   BENCH_PROFILE=staging   the profile (default staging)
#   BENCH_ROUNDS=3          rounds of the two runs
#
# Rewrites the "Dataset spec cost" section of docs/BENCHMARKS.md (between the spec-bench
# markers). Uses the throwaway cluster of scripts/pg-up.sh.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
bin=${SEEDCTL_BIN:-$repo_root/.build/release/seedctl}
doc=$repo_root/docs/BENCHMARKS.md
profile=${BENCH_PROFILE:-staging}
rounds=${BENCH_ROUNDS:-3}
fixture=$repo_root/Tests/IntegrationTests/Fixtures/session_tags

# shellcheck source=bench-lib.sh
source "$repo_root/scripts/bench-lib.sh"
[[ -x $bin ]] || die "$bin not found; run 'make build'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number, not '$rounds'"
command -v jq >/dev/null 2>&1 || die "'jq' not found; run scripts/deps.sh"
bench_cluster

# The project with the module: the repository's migrations and seeds, plus the fixture's.
project=$work/project
mkdir -p "$project"
cp -R Migrations Seeds "$project/"
for dialect in postgres sqlite; do
    mkdir -p "$project/Migrations/$dialect/session_tags"
    cp "$fixture/$dialect/"*.sql "$project/Migrations/$dialect/session_tags/"
done
printf '  - name: session_tags\n    requires: [tech_spec]\n' >>"$project/Migrations/modules.yml"
mkdir -p "$project/Seeds/dataset"
sed 's/# owner_team:/owner_team:/' "$fixture/dataset/session_tags.yml" >"$project/Seeds/dataset/session_tags.yml"

db=seedctl_bench_spec_$$
declare -A rates=() rows=() builtin=() sessions=()
run() { # backend mode → "rows seconds builtin_rows builtin_seconds session_rows session_seconds"
    local folder=$repo_root url
    [[ $2 == module ]] && folder=$project
    if [[ $1 == postgres ]]; then
        url=${base%/postgres}/$db
        psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
    else
        url=sqlite://$work/spec.db
        rm -f "$work/spec.db" "$work/spec.db-wal" "$work/spec.db-shm"
    fi
    "$bin" migrate --migrations "$folder/Migrations" --database-url "$url" >/dev/null
    "$bin" seed --profile "$profile" --seed 42 --seeds "$folder/Seeds" --format json --database-url "$url" \
        >"$work/run.json"
    # Whole load; the built-in tables alone (the same rows in both runs); tech_spec_sessions
    # alone (the table with the added columns).
    jq -r '[.rows, .seconds,
        ([.tables[] | select(.table != "tech_session_tags") | .rows] | add),
        ([.tables[] | select(.table != "tech_session_tags") | .seconds] | add),
        (.tables[] | select(.table == "tech_spec_sessions") | .rows, .seconds)] | map(tostring) | join(" ")' \
        "$work/run.json"
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
backends=(postgres sqlite)
modes=(plain module)
for ((round = 0; round < rounds; round++)); do
    for backend in "${backends[@]}"; do
        for ((i = 0; i < ${#modes[@]}; i++)); do
            mode=${modes[$(((i + round) % ${#modes[@]}))]}
            key=$backend/$mode
            read -r n seconds builtin_rows builtin_seconds session_rows session_seconds < <(run "$backend" "$mode")
            rate=$(rate "$n" "$seconds")
            log "round $((round + 1))/$rounds $key: $n rows in $seconds s, $rate rows/s; built-in tables" \
                "$(rate "$builtin_rows" "$builtin_seconds") rows/s, tech_spec_sessions" \
                "$(rate "$session_rows" "$session_seconds") rows/s (load $(cut -d' ' -f1 /proc/loadavg))"
            rates[$key]+="$rate "
            builtin[$key]+="$(rate "$builtin_rows" "$builtin_seconds") "
            sessions[$key]+="$(rate "$session_rows" "$session_seconds") "
            rows[$key]=$n
        done
    done
done
rm -f "$work/spec.db" "$work/spec.db-wal" "$work/spec.db-shm"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
table_rows() { # backend → the three markdown rows
    local b=$1 plain module
    plain=$(median "${rates[$b/plain]}")
    module=$(median "${rates[$b/module]}")
    printf '| %s, %s, whole load | %s rows, %s rows/s | %s rows, %s rows/s | **%s×** |\n' "$b" "$profile" \
        "${rows[$b/plain]}" "$plain" "${rows[$b/module]}" "$module" "$(ratio "$module" "$plain")"
    plain=$(median "${builtin[$b/plain]}")
    module=$(median "${builtin[$b/module]}")
    printf '| %s, the nine built-in tables only | %s rows/s | %s rows/s | %s× |\n' "$b" "$plain" "$module" \
        "$(ratio "$module" "$plain")"
    plain=$(median "${sessions[$b/plain]}")
    module=$(median "${sessions[$b/module]}")
    printf '| %s, `tech_spec_sessions` only (its added columns) | %s rows/s | %s rows/s | %s× |\n' "$b" \
        "$plain" "$module" "$(ratio "$module" "$plain")"
}
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')
cat >"$work/section.md" <<MD
<!-- spec-bench:start -->
## Dataset spec cost (issue 16)

\`scripts/bench-spec.sh\` (\`make bench-spec\`, part of \`make bench\`): \`seedctl seed --profile $profile\`
on PostgreSQL and on SQLite with the \`session_tags\` test module (three columns added to \`tech_spec_sessions\`,
the child table \`tech_session_tags\` from its spec) against the same profile without it, each
into a fresh migrated database, $rounds round(s) in rotating order, median rows/s of the whole
load. Target: with the module ≥ 0.95× per row.

| backend, rows | without the module | with the module | ratio |
| --- | --- | --- | --- |
$(table_rows postgres)
$(table_rows sqlite)

The whole-load ratio is the issue's figure (per row, the new table's rows included); the two rows
below it show what the added columns cost the tables that existed (the sum of their per-table
load seconds, and the one table that gained columns).

Measured $(date -u +%Y-%m-%d) on $(nproc) × $cpu, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end.
<!-- spec-bench:end -->
MD
cat "$work/section.md"
write_section spec-bench "$work/section.md"

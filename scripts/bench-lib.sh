# Shared by the query benchmarks (bench-query.sh, bench-pooler.sh, bench-metrics.sh) and
# bench-migrate.sh: messages, medians, the seeded database they measure on, and the rewrite of
# their marked section of docs/BENCHMARKS.md. Sourced, not run; expects `bin` to be set.

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# The median and the sum of space-separated numbers.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# paired_median "A1 A2 …" "B1 B2 …": the median of Ai ÷ Bi, the runs of one round paired (on a
# drifting machine a pair shares its moment, which the two medians apart do not).
paired_median() {
    paste -d' ' <(tr ' ' '\n' <<<"$1" | grep .) <(tr ' ' '\n' <<<"$2" | grep .) |
        awk '{ print $1 / $2 }' | sort -g |
        awk '{ v[NR] = $1 } END { printf "%.3f", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
sum() { tr ' ' '\n' <<<"$1" | grep . | awk '{ s += $1 } END { print s + 0 }'; }

# A script may define bench_cleanup_hook to stop what it started (a pooler, a scraper).
bench_cleanup_hook() { :; }
bench_cleanup() {
    local status=$?
    bench_cleanup_hook || true
    [[ -z ${db:-} ]] || psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
    [[ $before == "$(cat .pg/dir 2>/dev/null || true)" ]] || scripts/pg-down.sh
    exit "$status"
}

# Starts the throwaway cluster of scripts/pg-up.sh (stopped at exit only if this started it),
# and sets `work` (a scratch folder removed at exit) and `base` (the cluster's URL).
bench_cluster() {
    before=$(cat .pg/dir 2>/dev/null || true)
    work=$(mktemp -d)
    trap bench_cleanup EXIT
    scripts/pg-up.sh >&2 || die "could not start PostgreSQL (scripts/pg-up.sh)"
    base=$(sed -n 's/^SEEDCTL_TEST_DATABASE_URL=//p' .pg/env)
}

# bench_seeded_database NAME: on the cluster, database NAME (dropped at exit), migrated and
# seeded with the default profile; sets `db` and `url`.
bench_seeded_database() {
    bench_cluster
    db=$1
    url=${base%/postgres}/$db
    psql -X -q -d "$base" -c "CREATE DATABASE $db" >/dev/null
    "$bin" migrate --database-url "$url" >/dev/null
    log "seeding the default profile"
    "$bin" seed --profile default --database-url "$url" >/dev/null
}

# write_section MARKER FILE: replaces what stands between `<!-- MARKER:start -->` and
# `<!-- MARKER:end -->` in $doc with FILE (which carries both markers), or appends FILE.
write_section() {
    local marker=$1 section=$2
    if grep -q "<!-- $marker:start -->" "$doc"; then
        awk -v section="$section" -v start="<!-- $marker:start -->" -v end="<!-- $marker:end -->" '
            index($0, start) { while ((getline line < section) > 0) print line; skip = 1; next }
            index($0, end) { skip = 0; next }
            !skip' "$doc" >"$work/doc.md"
    else
        { cat "$doc"; echo; cat "$section"; } >"$work/doc.md"
    fi
    cp "$work/doc.md" "$doc"
}

# The primary-key lookup pgbench and seedctl both run (pgbench cannot draw uuids, so the id is
# fixed): sets `sql`, writes it to $work/q.sql and, as a one-query catalog, to $work/q-catalog.sql.
bench_session_query() {
    local id
    id=$(psql -X -A -t -d "$url" -c "SELECT id FROM tech_spec_sessions ORDER BY id LIMIT 1 OFFSET 777")
    sql="SELECT id, design_job_id, status, current_stage, progress_percentage, created_at, updated_at FROM tech_spec_sessions WHERE id = '$id';"
    echo "$sql" >"$work/q.sql"
    printf -- '-- name: same_sql\n-- expect: index tech_spec_sessions_pkey\n-- max_ms: 5\n%s\n' "$sql" >"$work/q-catalog.sql"
}

# PostgreSQL baseline of scripts/bench-seed.sh: psql \copy of seedctl's CSV into a freshly
# migrated database, in one session and one transaction. Sourced, not executed.
# shellcheck shell=bash

# bench_copy_postgres PROFILE CSV_DIR: loads every CSV file in order, then ANALYZE, and drops
# the database. Sets base_seconds, base_rss and base_stats; fails unless the rows match
# seedctl_stats. Reads tables and seedctl_rows.
bench_copy_postgres() {
    local profile=$1 csv=$2 script=$work/copy.sql times=$work/copy.time
    local db url file name table header start end
    db=bench_copy_${profile//-/_}_$$
    pg_create "$db"
    url=$(pg_url "$db")
    migrate "$url"
    : >"$script"
    for file in "$csv"/[0-9][0-9]_*.csv; do
        name=$(basename "$file" .csv)
        table=${name#[0-9][0-9]_}
        header=$(head -n 1 "$file")
        printf "\\\\copy %s (%s) FROM '%s' WITH (FORMAT csv, HEADER)\n" "$table" "$header" "$file" >>"$script"
    done
    printf 'ANALYZE %s;\n' "$(printf '%s\n' "${tables[@]}" | paste -sd, - | sed 's/,/, /g')" >>"$script"
    log "$profile/postgres: psql \\copy of the CSV, one transaction ..."
    start=$(now_ns)
    if ! /usr/bin/time -v -o "$times" psql -X -q -v ON_ERROR_STOP=1 -1 -f "$script" -d "$url" \
        >"$work/copy.out" 2>"$work/copy.err"; then
        cat "$work/copy.err" >&2
        die "psql \\copy failed (above)"
    fi
    end=$(now_ns)
    if [[ -s $work/copy.err ]]; then
        log "psql printed warnings:"
        sed 's/^/bench:   /' "$work/copy.err" >&2
    fi
    base_seconds=$(div "$((end - start))" 1000000000 '%.6f')
    base_rss=$(peak_rss_kb "$times")
    base_stats=$(table_stats postgres "$url" "${tables[@]}")
    log "$profile/postgres: database size $(pg_database_size "$url")"
    pg_drop "$db"
    check_same "psql \\copy" "$base_stats" "$seedctl_stats"
    log "$profile/postgres: \\copy $(group "$seedctl_rows") rows in $(div "$base_seconds" 1 '%.2f') s"
}

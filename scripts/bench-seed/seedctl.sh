# The measured side of scripts/bench-seed.sh: `seedctl seed` into a fresh, migrated database.
# Sourced, not executed.
# shellcheck shell=bash

# bench_seedctl BACKEND PROFILE [keep]: runs seedctl seed into a fresh, migrated database
# (postgres or sqlite), then drops it, or with `keep` leaves it for the limits and sets
# seedctl_url (and, on SQLite, seedctl_file). Sets seedctl_{rows,bytes,seconds,rss,stats,json}
# and tables (load order). The JSON stays in the work folder (seed-BACKEND-PROFILE-ROUND.json).
bench_seedctl() {
    local backend=$1 profile=$2 keep=${3:-} url db json times=$work/seed-$1-$2.time
    json=$work/seed-$backend-$profile-${round:-1}.json
    if [[ $backend == postgres ]]; then
        db=bench_seedctl_${profile//-/_}_$$
        pg_create "$db"
        url=$(pg_url "$db")
    else
        url=sqlite://$work/seedctl-$profile.db
    fi
    migrate "$url"
    log "$profile/$backend: seedctl seed --profile $profile --seed $seed ..."
    if ! /usr/bin/time -v -o "$times" "$bin" seed --profile "$profile" --seed "$seed" --format json \
        --database-url "$url" --seeds "$seeds" >"$json" 2>"$work/seed.err"; then
        cat "$work/seed.err" >&2
        die "seedctl seed --profile $profile failed on $backend (above)"
    fi
    seedctl_rows=$(jq -r .rows "$json")
    seedctl_bytes=$(jq -r .bytes "$json")
    seedctl_seconds=$(jq -r .seconds "$json")
    seedctl_rss=$(peak_rss_kb "$times")
    seedctl_json=$json
    mapfile -t tables < <(jq -r '.tables[].table' "$json")
    ((${#tables[@]})) || die "seedctl's JSON lists no tables"
    seedctl_url=$url
    if [[ $backend == postgres ]]; then
        seedctl_stats=$(table_stats postgres "$url" "${tables[@]}")
        log "$profile/$backend: database size $(pg_database_size "$url")"
        seedctl_db=$db
        [[ -n $keep ]] || pg_drop "$db"
    else
        seedctl_file=$work/seedctl-$profile.db
        seedctl_stats=$(table_stats sqlite "$seedctl_file" "${tables[@]}")
        log "$profile/$backend: database size $(du -sh "$seedctl_file" | cut -f1)"
        [[ -n $keep ]] || rm -f "$seedctl_file"*
    fi
    check_json_counts "$seedctl_stats" "$json"
    log "$profile/$backend: seedctl $(group "$seedctl_rows") rows in $(div "$seedctl_seconds" 1 '%.2f') s," \
        "peak RSS $((seedctl_rss / 1024)) MB"
}

# write_csv PROFILE DIR: the same rows as CSV files (seedctl seed --format csv), not timed as a
# load. Sets csv_seconds and csv_bytes; fails unless there is one file per table.
write_csv() {
    local profile=$1 csv=$2 start n_files
    log "$profile: writing the CSV (seedctl seed --format csv) ..."
    start=$(now_ns)
    "$bin" seed --profile "$profile" --seed "$seed" --format csv --out "$csv" --seeds "$seeds" \
        >/dev/null 2>"$work/csv.err" || {
        cat "$work/csv.err" >&2
        die "seedctl seed --format csv failed (above)"
    }
    csv_seconds=$(div "$(($(now_ns) - start))" 1000000000 '%.2f')
    csv_bytes=$(cat "$csv"/*.csv | wc -c)
    n_files=$(find "$csv" -maxdepth 1 -name '[0-9][0-9]_*.csv' | wc -l)
    ((n_files == ${#tables[@]})) || die "expected ${#tables[@]} CSV files in $csv, found $n_files"
    log "$profile: CSV $((csv_bytes / 1000000)) MB in $csv_seconds s"
}

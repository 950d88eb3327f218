# The engines' own fastest loads of the same rows (the "limit" rows of scripts/bench-seed.sh),
# from the database seedctl just loaded. Sourced, not executed.
#   PostgreSQL: server-side `COPY … FROM 'file' (FORMAT binary | text, FREEZE)` into bare tables
#     (the schema's pre-data), then the schema's post-data (keys, indexes, foreign keys), then
#     ANALYZE; one `psql -1` transaction into an empty database.
#   SQLite: `INSERT INTO main.t SELECT * FROM src.t` from the attached, already-loaded file into
#     a freshly migrated one with the seeded tables' indexes dropped, then the indexes, the
#     foreign-key check and ANALYZE; one sqlite3 process, one transaction. Once as written (raw
#     records, SQLite's transfer optimization) and once with `WHERE true` (records rebuilt).
# shellcheck shell=bash

# limit_files_postgres PROFILE URL: from seedctl's loaded database at URL, writes the schema's
# pre-data and post-data (pg_dump), each table in binary and text COPY format (COPY … TO, by the
# server) and one psql script per format into limit_dir. Sets limit_bytes[binary|text].
limit_files_postgres() {
    local profile=$1 url=$2 format table
    limit_dir=$work/limit-$profile
    mkdir -p "$limit_dir"
    chmod 777 "$limit_dir" # the server (another OS user when run as root) writes and reads the files
    log "$profile/postgres: writing the limit's COPY files from seedctl's database ..."
    # Schema-qualified names throughout: pg_dump's pre-data empties search_path.
    pg_dump --schema-only --section=pre-data -d "$url" >"$limit_dir/pre.sql"
    pg_dump --schema-only --section=post-data -d "$url" >"$limit_dir/post.sql"
    for format in binary text; do
        {
            printf '\\i %s\n' "$limit_dir/pre.sql"
            for table in "${tables[@]}"; do
                pg_query "$url" "COPY $(qualified "$table") TO '$limit_dir/$table.$format' (FORMAT $format)"
                printf "COPY %s FROM '%s' WITH (FORMAT %s, FREEZE);\n" \
                    "$(qualified "$table")" "$limit_dir/$table.$format" "$format"
            done
            printf '\\i %s\n' "$limit_dir/post.sql"
            printf 'ANALYZE %s;\n' "$(for t in "${tables[@]}"; do qualified "$t"; echo; done | paste -sd, -)"
        } >"$limit_dir/$format.sql"
        limit_bytes[$format]=$(cat "$limit_dir"/*."$format" | wc -c)
    done
}

# public.x for an unqualified table name (pre-data leaves no search_path).
qualified() { if [[ $1 == *.* ]]; then printf '%s' "$1"; else printf 'public.%s' "$1"; fi; }

# bench_limit_postgres PROFILE FORMAT: runs FORMAT's script into an empty database, then drops
# it. Sets base_seconds, base_rss and base_stats; fails unless the rows match seedctl_stats.
bench_limit_postgres() {
    local profile=$1 format=$2 db url start end times=$work/limit.time
    db=bench_limit_${profile//-/_}_$$
    pg_create "$db"
    url=$(pg_url "$db")
    log "$profile/postgres: server-side $format COPY into bare tables, then post-data ..."
    start=$(now_ns)
    if ! PGOPTIONS='-c client_min_messages=warning' /usr/bin/time -v -o "$times" \
        psql -X -q -v ON_ERROR_STOP=1 -1 -f "$limit_dir/$format.sql" -d "$url" \
        >"$work/limit.out" 2>"$work/limit.err"; then
        cat "$work/limit.err" >&2
        die "the $format COPY limit failed (above)"
    fi
    end=$(now_ns)
    base_seconds=$(div "$((end - start))" 1000000000 '%.6f')
    base_rss=$(peak_rss_kb "$times")
    base_stats=$(table_stats postgres "$url" "${tables[@]}")
    pg_drop "$db"
    check_same "the $format COPY limit" "$base_stats" "$seedctl_stats"
    log "$profile/postgres: $format COPY limit in $(div "$base_seconds" 1 '%.2f') s"
}

# limit_source_sqlite PROFILE FILE: keeps seedctl's loaded FILE as the attached source and
# writes the limit's two sqlite3 scripts: `attached` (`SELECT * FROM src.t`, which SQLite's
# transfer optimization turns into a copy of raw records) and `checked` (`… WHERE true`, which
# defeats it: every value read, every CHECK evaluated, every record built). Sets limit_source.
limit_source_sqlite() {
    local profile=$1 file=$2 variant table phys cols
    limit_source=$work/limit-source-$profile.db
    mv "$file" "$limit_source"
    rm -f "$file"-wal "$file"-shm
    for variant in attached checked; do
        {
            echo ".bail on"
            # seedctl's load settings (journal_mode=WAL is already set by migrate); some pragmas
            # print their value, so output is off until the foreign-key check.
            echo ".output /dev/null"
            echo "PRAGMA synchronous = NORMAL;"
            echo "PRAGMA cache_size = -8192;"
            echo "PRAGMA analysis_limit = 1000;"
            echo "PRAGMA foreign_keys = OFF;"
            echo "ATTACH '$limit_source' AS src;"
            echo "BEGIN;"
            for table in "${tables[@]}"; do
                phys=$(physical sqlite "$table")
                sqlite3 -bail "$limit_source" \
                    "SELECT 'DROP INDEX main.' || name || ';' FROM sqlite_master
                     WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = '$phys'"
            done
            for table in "${tables[@]}"; do
                phys=$(physical sqlite "$table")
                if [[ $variant == attached ]]; then
                    echo "INSERT INTO main.$phys SELECT * FROM src.$phys;"
                else
                    # Without the transfer, generated columns (patterns.wilson_score) are computed,
                    # not copied: name the stored columns.
                    cols=$(sqlite3 -bail "$limit_source" \
                        "SELECT group_concat(name, ', ') FROM pragma_table_xinfo('$phys') WHERE hidden = 0")
                    echo "INSERT INTO main.$phys ($cols) SELECT $cols FROM src.$phys WHERE true;"
                fi
            done
            for table in "${tables[@]}"; do
                phys=$(physical sqlite "$table")
                sqlite3 -bail "$limit_source" \
                    "SELECT sql || ';' FROM sqlite_master
                     WHERE type = 'index' AND sql IS NOT NULL AND tbl_name = '$phys'"
            done
            echo ".output stdout"
            echo "PRAGMA foreign_key_check;"
            echo ".output /dev/null"
            echo "ANALYZE;"
            echo "COMMIT;"
        } >"$work/limit-$variant-$profile.sql"
    done
}

# bench_limit_sqlite PROFILE VARIANT: runs the attached-copy script (attached or checked) into a
# freshly migrated file, then deletes it. Sets base_seconds, base_rss and base_stats; fails unless the rows match
# seedctl_stats or the foreign-key check prints anything.
bench_limit_sqlite() {
    local profile=$1 variant=$2 dbfile=$work/limit-$1.db times=$work/limit.time start end
    migrate "sqlite://$dbfile"
    log "$profile/sqlite: $variant attached copy (INSERT INTO main.t SELECT * FROM src.t), then indexes ..."
    start=$(now_ns)
    if ! TMPDIR=$work SQLITE_TMPDIR=$work /usr/bin/time -v -o "$times" sqlite3 -bail "$dbfile" \
        <"$work/limit-$variant-$profile.sql" >"$work/limit.out" 2>"$work/limit.err"; then
        cat "$work/limit.err" >&2
        die "the attached-copy limit failed (above)"
    fi
    end=$(now_ns)
    [[ ! -s $work/limit.out && ! -s $work/limit.err ]] || {
        cat "$work/limit.out" "$work/limit.err" >&2
        die "the attached-copy limit printed foreign-key violations or errors (above)"
    }
    base_seconds=$(div "$((end - start))" 1000000000 '%.6f')
    base_rss=$(peak_rss_kb "$times")
    base_stats=$(table_stats sqlite "$dbfile" "${tables[@]}")
    rm -f "$dbfile"*
    check_same "the attached-copy limit" "$base_stats" "$seedctl_stats"
    log "$profile/sqlite: $variant attached-copy limit in $(div "$base_seconds" 1 '%.2f') s"
}

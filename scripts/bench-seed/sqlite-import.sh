# SQLite baseline of scripts/bench-seed.sh: sqlite3 .import of seedctl's CSV into a freshly
# migrated file, in one transaction. Sourced, not executed.
# shellcheck shell=bash

# bench_import_sqlite PROFILE CSV_DIR: imports every CSV file through a TEMP table (so empty
# nullable fields become NULL again, as .import stores them as ''), then ANALYZE, and deletes
# the file. Sets base_seconds, base_rss and base_stats; fails unless the rows match
# seedctl_stats. Reads tables and seedctl_rows.
bench_import_sqlite() {
    local profile=$1 csv=$2
    local dbfile=$work/import-$profile.db script=$work/import.sql times=$work/import.time
    local file name table phys header cols nullable select c start end
    migrate "sqlite://$dbfile"
    {
        echo ".bail on"
        # The connection settings seedctl uses (journal_mode=WAL is already set by migrate).
        echo "PRAGMA synchronous = NORMAL;"
        echo "PRAGMA cache_size = -32768;"
        echo "PRAGMA analysis_limit = 1000;"
        echo "BEGIN;"
    } >"$script"
    for file in "$csv"/[0-9][0-9]_*.csv; do
        name=$(basename "$file" .csv)
        table=${name#[0-9][0-9]_}
        phys=$(physical sqlite "$table")
        header=$(head -n 1 "$file")
        nullable=" $(sqlite3 -bail "$dbfile" \
            "SELECT name FROM pragma_table_info('$phys') WHERE \"notnull\" = 0 AND pk = 0" | tr '\n' ' ') "
        select=
        IFS=, read -r -a cols <<<"$header"
        for c in "${cols[@]}"; do
            [[ -n $select ]] && select+=", "
            if [[ $nullable == *" $c "* ]]; then select+="nullif($c, '')"; else select+=$c; fi
        done
        {
            echo "CREATE TEMP TABLE t_$phys AS SELECT $header FROM main.$phys WHERE 0;"
            echo ".import --csv --skip 1 '$file' t_$phys"
            echo "INSERT INTO main.$phys ($header) SELECT $select FROM t_$phys;"
            echo "DROP TABLE t_$phys;"
        } >>"$script"
    done
    { echo "ANALYZE;"; echo "COMMIT;"; } >>"$script"
    log "$profile/sqlite: sqlite3 .import of the CSV, one transaction ..."
    start=$(now_ns)
    if ! TMPDIR=$work SQLITE_TMPDIR=$work /usr/bin/time -v -o "$times" sqlite3 -bail "$dbfile" \
        <"$script" >"$work/import.out" 2>"$work/import.err"; then
        cat "$work/import.err" >&2
        die "sqlite3 .import failed (above)"
    fi
    end=$(now_ns)
    if [[ -s $work/import.err ]]; then
        sed 's/^/bench:   /' "$work/import.err" >&2
        die "sqlite3 printed errors or warnings during .import (above)"
    fi
    base_seconds=$(div "$((end - start))" 1000000000 '%.6f')
    base_rss=$(peak_rss_kb "$times")
    base_stats=$(table_stats sqlite "$dbfile" "${tables[@]}")
    log "$profile/sqlite: database size $(du -sh "$dbfile" | cut -f1)"
    rm -f "$dbfile"*
    check_same "sqlite3 .import" "$base_stats" "$seedctl_stats"
    log "$profile/sqlite: .import $(group "$seedctl_rows") rows in $(div "$base_seconds" 1 '%.2f') s"
}

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

log() { printf 'bench: %s\n' "$*" >&2; }
die() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 1
}

# --- tools ------------------------------------------------------------------------------

"$repo_root/scripts/deps.sh" || die "system packages missing (see above)"

# GNU time (for -v: peak RSS) and jq (to read seedctl's JSON); installed through apt if missing.
missing=()
/usr/bin/time -v true >/dev/null 2>&1 || missing+=(time)
command -v jq >/dev/null 2>&1 || missing+=(jq)
if ((${#missing[@]})); then
    log "installing ${missing[*]} ..."
    sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null 2>&1 || die "please install: ${missing[*]} (apt-get install ${missing[*]})"
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null 2>&1 || die "please install: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null 2>&1 &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" </dev/null >/dev/null 2>&1 ||
        die "could not install ${missing[*]}; run: sudo apt-get install ${missing[*]}"
fi
for tool in psql sqlite3 jq awk df; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; run scripts/deps.sh"
done
/usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time is not GNU time; install the Debian package 'time'"
[[ -x $bin ]] || die "$bin not found; run 'make build' (or 'make bench', which builds first)"
((${#profiles[@]})) || die "BENCH_PROFILES is empty; e.g. BENCH_PROFILES=\"default staging\""

# Rows of a profile in Seeds/profiles.yml (0 if there is no such profile).
profile_rows() {
    awk -v want="$1:" '
        /^  [^ #]/ { inside = ($1 == want); next }
        inside && /^      [^ #][^:]*: *[0-9]+ *$/ { sum += $2 }
        END { print sum + 0 }' "$seeds/profiles.yml"
}
declare -A total_rows=()
for profile in "${profiles[@]}"; do
    [[ $profile =~ ^[A-Za-z0-9_-]+$ ]] || die "invalid profile name '$profile'"
    total_rows[$profile]=$(profile_rows "$profile")
    ((total_rows[$profile] > 0)) || die "profile '$profile' not found in $seeds/profiles.yml"
done

# --- scratch space and cleanup -------------------------------------------------------------

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

# --- PostgreSQL -----------------------------------------------------------------------------

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
pg_url() { printf '%s/%s' "${pg_base_url%/postgres}" "$1"; }
pg_query() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

pg_create() {
    local db=$1
    pg_dbs+=("$db")
    pg_query "$pg_base_url" "CREATE DATABASE $db" >/dev/null
}
pg_drop() {
    local db=$1 kept=() d
    pg_query "$pg_base_url" "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    for d in "${pg_dbs[@]}"; do [[ $d == "$db" ]] || kept+=("$d"); done
    pg_dbs=("${kept[@]+"${kept[@]}"}")
}

# --- helpers ------------------------------------------------------------------------------

now_ns() { date +%s%N; }
# Peak RSS in kB from a `/usr/bin/time -v` report.
peak_rss_kb() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$1"; }

# seedctl migrate URL (quiet unless it fails).
migrate() {
    local url=$1 log_file=$work/migrate.log
    "$bin" migrate --database-url "$url" --migrations "$migrations" >"$log_file" 2>&1 || {
        cat "$log_file" >&2
        die "seedctl migrate failed (log above)"
    }
}

# Physical table name: shared.design_jobs -> shared_design_jobs on SQLite.
physical() { if [[ $1 == sqlite ]]; then printf '%s' "${2//./_}"; else printf '%s' "$2"; fi; }

# Prints, per table, "TABLE rows=N col=nulls ..." for the nullable columns, in load order.
# Used to check that every load produced the same rows (and the same NULLs) as seedctl's.
table_stats() {
    local backend=$1 target=$2 table phys cols sql c
    shift 2
    for table in "$@"; do
        phys=$(physical "$backend" "$table")
        if [[ $backend == postgres ]]; then
            local schema=public name=$table
            if [[ $table == *.* ]]; then schema=${table%%.*} name=${table#*.}; fi
            cols=$(pg_query "$target" "SELECT column_name FROM information_schema.columns
                WHERE table_schema = '$schema' AND table_name = '$name'
                  AND is_nullable = 'YES' AND is_generated = 'NEVER' ORDER BY ordinal_position")
        else
            cols=$(sqlite3 -bail "$target" \
                "SELECT name FROM pragma_table_info('$phys') WHERE \"notnull\" = 0 AND pk = 0 ORDER BY cid")
        fi
        sql="SELECT '$table rows=' || count(*)"
        for c in $cols; do sql+=" || ' $c=' || (count(*) - count($c))"; done
        sql+=" FROM $phys"
        if [[ $backend == postgres ]]; then pg_query "$target" "$sql"; else sqlite3 -bail "$target" "$sql"; fi
    done
}

# Fails unless the stats of a load match the reference (seedctl's load on the same backend).
check_same() {
    local what=$1 got=$2 want=$3
    if [[ $got != "$want" ]]; then
        diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/bench:   /' >&2 || true
        die "$what loaded different rows than seedctl (diff above: < seedctl, > $what)"
    fi
}

# Fails unless the per-table row counts in the stats equal seedctl's JSON figures.
check_json_counts() {
    local stats=$1 json=$2 table rows expected
    while read -r table rows _; do
        rows=${rows#rows=}
        expected=$(jq -r --arg t "$table" '.tables[] | select(.table == $t) | .rows' "$json")
        [[ $rows == "$expected" ]] || die "table $table holds $rows rows but seedctl reported ${expected:-none}"
    done <<<"$stats"
}

# Free bytes on the filesystem holding $1.
free_bytes() { df -B1 --output=avail "$1" | tail -n 1 | tr -d ' '; }
fs_id() { df --output=source,target "$1" | tail -n 1; }

# Bytes of disk a profile needs at its peak, from measured sizes per row (staging, with margin):
# CSV ~440 B, SQLite file ~570 B (and as much again in its -wal file until the COMMIT checkpoints),
# PostgreSQL database ~550 B plus up to 1 GB of WAL. Only one database exists at a time; the CSV
# exists during the two baselines, with the .import scratch table (at most ~half the CSV).
# Prints "TMP PG": bytes needed in the temp dir and in the cluster's filesystem when they differ;
# with 'same' as $2, prints their sum for one filesystem.
disk_need() {
    local rows=${total_rows[$1]} csv sqlite pg tmp_peak pg_peak gb=$((1024 * 1024 * 1024))
    csv=$((rows * 450)) sqlite=$((rows * 600)) pg=$((rows * 600 + gb))
    tmp_peak=$(((csv + 2 * sqlite + csv / 2) * 5 / 4))  # during the sqlite3 .import
    if [[ ${2:-} == same ]]; then
        pg_peak=$(((csv + pg) * 5 / 4))               # during psql \copy
        echo $((tmp_peak > pg_peak ? tmp_peak : pg_peak))
    else
        echo "$tmp_peak $((pg * 5 / 4))"
    fi
}

gb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e9 }'; }

check_disk() {
    local profile=$1 need_tmp need_pg free_tmp free_pg
    free_tmp=$(free_bytes "$work") || die "cannot tell the free space in $tmp_base (df)"
    if [[ $(fs_id "$work") == "$(fs_id "$pg_data_dir" 2>/dev/null || fs_id "$work")" ]]; then
        need_tmp=$(disk_need "$profile" same) need_pg=0 free_pg=0
    else
        read -r need_tmp need_pg < <(disk_need "$profile")
        free_pg=$(free_bytes "$pg_data_dir") || die "cannot tell the free space in $pg_data_dir (df)"
    fi
    ((free_tmp >= need_tmp)) || die "profile $profile needs about $(gb "$need_tmp") GB free in $tmp_base (CSV + databases), only $(gb "$free_tmp") GB available (df -h $tmp_base); free some space or set BENCH_TMPDIR"
    ((free_pg >= need_pg)) || die "profile $profile needs about $(gb "$need_pg") GB free for the PostgreSQL cluster in $pg_data_dir, only $(gb "$free_pg") GB available"
}

# 1234567 -> 1,234,567
group() { awk -v n="$1" 'BEGIN { s = sprintf("%.0f", n); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { printf f, (b > 0 ? a / b : 0) }'; }

# One result row: backend method rows bytes seconds rss_kb ratio
results=()
add_result() {
    local backend=$1 method=$2 rows=$3 bytes=$4 seconds=$5 rss=$6 ratio=$7
    results+=("| $backend | $method | $(group "$rows") | $(div "$seconds" 1 '%.2f') | $(group "$(div "$rows" "$seconds" '%.0f')") | $(div "$(div "$bytes" 1000000 '%.6f')" "$seconds" '%.1f') | $(div "$rss" 1024 '%.0f') MB | $ratio |")
}

# --- one profile ----------------------------------------------------------------------------

# Runs seedctl seed into a fresh, migrated database; sets seedctl_{rows,bytes,seconds,rss,stats}.
bench_seedctl() {
    local backend=$1 profile=$2 url db json=$work/seed-$1-$2.json times=$work/seed-$1-$2.time
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
    mapfile -t tables < <(jq -r '.tables[].table' "$json")
    ((${#tables[@]})) || die "seedctl's JSON lists no tables"
    if [[ $backend == postgres ]]; then
        seedctl_stats=$(table_stats postgres "$url" "${tables[@]}")
        log "$profile/$backend: database size $(pg_query "$url" "SELECT pg_size_pretty(pg_database_size(current_database()))")"
        pg_drop "$db"
    else
        seedctl_stats=$(table_stats sqlite "$work/seedctl-$profile.db" "${tables[@]}")
        log "$profile/$backend: database size $(du -sh "$work/seedctl-$profile.db" | cut -f1)"
        rm -f "$work/seedctl-$profile.db"*
    fi
    check_json_counts "$seedctl_stats" "$json"
    log "$profile/$backend: seedctl $(group "$seedctl_rows") rows in $(div "$seedctl_seconds" 1 '%.2f') s, peak RSS $((seedctl_rss / 1024)) MB"
}

# psql \copy of every CSV file into a fresh, migrated database, one session, one transaction.
bench_copy_postgres() {
    local profile=$1 csv=$2 db url script=$work/copy.sql times=$work/copy.time file name table header start end
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
    log "$profile/postgres: database size $(pg_query "$url" "SELECT pg_size_pretty(pg_database_size(current_database()))")"
    pg_drop "$db"
    check_same "psql \\copy" "$base_stats" "$seedctl_stats"
    log "$profile/postgres: \\copy $(group "$seedctl_rows") rows in $(div "$base_seconds" 1 '%.2f') s"
}

# sqlite3 .import of every CSV file (through a TEMP table, NULLs restored) in one transaction.
bench_import_sqlite() {
    local profile=$1 csv=$2 dbfile=$work/import-$profile.db script=$work/import.sql times=$work/import.time
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

    section="### Profile \`$profile\` ($(group "${total_rows[$profile]}") rows, seed $seed)"$'\n\n'
    section+="| backend | method | rows | seconds | rows/s | MB/s | peak RSS | ratio |"$'\n'
    section+="| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"$'\n'
    section+=$(printf '%s\n' "${results[@]}")$'\n\n'
    section+="CSV: $(div "$csv_bytes" 1000000 '%.1f') MB, written by \`seedctl seed --format csv\` in $csv_seconds s (not counted above)."$'\n'
    sections+=("$section")
    printf '%s\n' "$section"
done

# --- docs/BENCHMARKS.md ---------------------------------------------------------------------

pg_version=$(pg_query "$pg_base_url" "SHOW server_version")
pg_settings=$(pg_query "$pg_base_url" "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
    FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'max_wal_size')")
sqlite_version=$(sqlite3 --version | cut -d' ' -f1)
swift_version=$(swift --version 2>&1 | sed -n 's/.*Swift version \([^ ]*\).*/\1/p' | head -n 1)
cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)
mem_gb=$(free -g | awk '/^Mem:/ { print $2 }')
date_utc=$(date -u '+%Y-%m-%d %H:%M UTC')
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
profile_list="${profiles[*]}"
total_rows[large]=${total_rows[large]:-$(profile_rows large)}
large_need=$(disk_need large same)

body=$work/section.md
{
    echo "<!-- seed-bench:start -->"
    echo "## Seed throughput"
    echo
    echo "Generated by \`scripts/bench-seed.sh\`; do not edit by hand. Reproduce with:"
    echo
    echo '```sh'
    if [[ $profile_list == "default staging large" ]]; then
        echo "make bench"
    else
        echo "BENCH_PROFILES=\"$profile_list\" make bench"
    fi
    echo '```'
    echo
    echo "\`BENCH_PROFILES\` picks the profiles (default \`default staging large\`; \`large\` needs about"
    echo "$((large_need / 1000000000)) GB free in \`/tmp\` (or \`BENCH_TMPDIR\`) and takes a while)."
    echo
    echo "- **Date**: $date_utc"
    echo "- **Machine**: ${cpu:-unknown CPU}, $(nproc) CPUs (nproc), ${mem_gb} GB RAM (free -g total)"
    echo "- **PostgreSQL** $pg_version (throwaway cluster of \`scripts/pg-up.sh\`: $pg_settings)"
    echo "- **SQLite** $sqlite_version (the same libsqlite3 for seedctl and the sqlite3 CLI)"
    echo "- **Swift** ${swift_version:-unknown}, release build (\`make build\`)"
    echo "- **Load average** (1/5/15 min) at start: $load_start; at end: $load_end (other work on the machine skews the figures)"
    echo
    for section in "${sections[@]}"; do
        printf '%s\n' "$section"
    done
    cat <<'EOF'
### What is measured

- **seedctl seed**: `seedctl seed --profile P --seed 42 --format json` into a freshly migrated
  database. *seconds* is the `seconds` of its JSON (generate + load + rebuild indexes and keys +
  foreign-key check + `ANALYZE` + `COMMIT`, one transaction; process start-up excluded).
  *MB/s* uses its `bytes` (the COPY text stream on PostgreSQL, the bound values on SQLite).
  *peak RSS* is the seedctl process (`/usr/bin/time -v`, Maximum resident set size); on
  PostgreSQL the server's memory is not included.
- **Baseline (ratio 1.00)**: the ingest limit for the same rows. seedctl first writes them as
  CSV (`--format csv`, not timed; the files are in the page cache when read), then one client
  loads those files into a second freshly migrated database, with the schema as migrated
  (keys, indexes, foreign keys and CHECKs in place), in one transaction that ends with `ANALYZE`.
  *seconds* is the wall time of that client process, start-up and connection included;
  *MB/s* uses the CSV size; *peak RSS* is the client process.
  - PostgreSQL: one `psql -X -1 -v ON_ERROR_STOP=1 -f` session running
    `\copy TABLE (columns of the CSV header) FROM 'file' WITH (FORMAT csv, HEADER)` for the nine
    files in load order, then `ANALYZE` of the nine tables. (seedctl instead drops the keys and
    indexes, uses `COPY … FREEZE`, and rebuilds them; both are inside the timed transaction.)
  - SQLite: one `sqlite3 -bail` process with seedctl's connection settings (WAL,
    `synchronous=NORMAL`, 32 MB cache, `analysis_limit=1000`); foreign keys are left at the
    CLI's default, **off** (seedctl also loads with them off, but runs `PRAGMA foreign_key_check`
    before COMMIT; the baseline does not check them). `.import` stores an empty CSV field as `''`,
    never NULL, which the schema's CHECKs reject (e.g. `completed_at`), so each file is imported
    into a TEMP table with the CSV's columns (`CREATE TEMP TABLE t_x AS SELECT … FROM main.x
    WHERE 0`), then `INSERT INTO main.x SELECT …, nullif(col, '') … FROM t_x` for the nullable
    columns, then `DROP TABLE t_x` — all inside `BEGIN … COMMIT` with a final `ANALYZE`. So the
    SQLite baseline measures `.import` into a scratch table plus one `INSERT … SELECT` per table
    into the indexed table; it is an honest upper bound for the CLI, not raw `.import` speed.
- **Checks**: after every load, `count(*)` of each table must equal seedctl's reported rows,
  and the NULL count of every nullable column must equal that of seedctl's own load on the same
  backend; the script fails otherwise.
- **ratio** = seedctl rows/s ÷ baseline rows/s on the same backend (> 1: seedctl is faster).
- Each database is dropped (SQLite: deleted) right after it is measured, the CSV right after
  both baselines.
<!-- seed-bench:end -->
EOF
} >"$body"

mkdir -p "$(dirname "$doc")"
if [[ ! -f $doc ]]; then
    printf '# Benchmarks\n\nMeasured on one machine; the numbers move with the code and the hardware.\n' >"$doc"
fi
new=$work/BENCHMARKS.md
if grep -q '^<!-- seed-bench:start -->$' "$doc" && grep -q '^<!-- seed-bench:end -->$' "$doc"; then
    awk -v body="$body" '
        /^<!-- seed-bench:start -->$/ { while ((getline line < body) > 0) print line; skip = 1; next }
        /^<!-- seed-bench:end -->$/ { skip = 0; next }
        !skip { print }' "$doc" >"$new"
else
    { cat "$doc"; [[ -z $(tail -c 1 "$doc") ]] || echo; echo; cat "$body"; } >"$new"
fi
cat "$new" >"$doc"
log "wrote the Seed throughput section of ${doc#"$repo_root"/}"

# Shared helpers of scripts/bench-seed.sh: messages, number formatting, tools, the throwaway
# PostgreSQL cluster's databases, migrations and the disk-space check. Sourced, not executed.
# Reads the globals set by bench-seed.sh: repo_root, bin, seeds, migrations, work, tmp_base,
# total_rows, pg_base_url, pg_data_dir; appends to pg_dbs.
# shellcheck shell=bash

log() { printf 'bench: %s\n' "$*" >&2; }
die() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 1
}

# --- numbers --------------------------------------------------------------------------------

now_ns() { date +%s%N; }
# Peak RSS in kB from a `/usr/bin/time -v` report.
peak_rss_kb() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$1"; }
# 1234567 -> 1,234,567
group() {
    awk -v n="$1" 'BEGIN {
        s = sprintf("%.0f", n); o = ""
        while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
        print s o
    }'
}
# A / B printed with format F (0 when B is 0).
div() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { printf f, (b > 0 ? a / b : 0) }'; }
gb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e9 }'; }

# --- tools ----------------------------------------------------------------------------------

# Checks every tool the benchmark runs; installs GNU time (for -v: peak RSS) and jq (to read
# seedctl's JSON) through apt if they are missing.
require_tools() {
    "$repo_root/scripts/deps.sh" || die "system packages missing (see above)"
    local missing=() sudo=() tool
    /usr/bin/time -v true >/dev/null 2>&1 || missing+=(time)
    command -v jq >/dev/null 2>&1 || missing+=(jq)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} ..."
        if ((EUID != 0)); then
            command -v sudo >/dev/null 2>&1 ||
                die "please install: ${missing[*]} (apt-get install ${missing[*]})"
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
    /usr/bin/time -v true >/dev/null 2>&1 ||
        die "/usr/bin/time is not GNU time; install the Debian package 'time'"
    [[ -x $bin ]] || die "$bin not found; run 'make build' (or 'make bench', which builds first)"
}

# Rows of a profile in Seeds/profiles.yml (0 if there is no such profile).
profile_rows() {
    awk -v want="$1:" '
        /^  [^ #]/ { inside = ($1 == want); next }
        inside && /^      [^ #][^:]*: *[0-9]+ *$/ { sum += $2 }
        END { print sum + 0 }' "$seeds/profiles.yml"
}

# --- databases ------------------------------------------------------------------------------

pg_url() { printf '%s/%s' "${pg_base_url%/postgres}" "$1"; }
pg_query() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
pg_database_size() { pg_query "$1" "SELECT pg_size_pretty(pg_database_size(current_database()))"; }

# Creates a database, remembered in pg_dbs so the exit trap drops it if the run stops early.
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

# --- disk -----------------------------------------------------------------------------------

# Free bytes on the filesystem holding $1.
free_bytes() { df -B1 --output=avail "$1" | tail -n 1 | tr -d ' '; }
fs_id() { df --output=source,target "$1" | tail -n 1; }

# Bytes of disk a profile needs at its peak, from measured sizes per row (staging, with margin):
# CSV ~440 B, SQLite file ~570 B (and as much again in its -wal file until the COMMIT checkpoints),
# PostgreSQL database ~550 B plus up to 1 GB of WAL; the limit's COPY files are about a CSV each
# (binary and text). The PostgreSQL limit keeps its two files and one database at a time; the
# SQLite limit keeps seedctl's file as its source next to the loaded file and its -wal; the CSV
# exists during the two CLI baselines, with the .import scratch table (at most ~half the CSV).
# Prints "TMP PG": bytes needed in the temp dir and in the cluster's filesystem when they differ;
# with 'same' as $2, prints their sum for one filesystem.
disk_need() {
    local rows=${total_rows[$1]} csv sqlite pg tmp_peak pg_peak gb=$((1024 * 1024 * 1024))
    csv=$((rows * 450)) sqlite=$((rows * 600)) pg=$((rows * 600 + gb))
    tmp_peak=$(((csv + 2 * sqlite + csv / 2) * 5 / 4))  # during the sqlite3 .import
    ((3 * sqlite * 5 / 4 > tmp_peak)) && tmp_peak=$((3 * sqlite * 5 / 4)) # the attached copy
    if [[ ${2:-} == same ]]; then
        pg_peak=$(((2 * csv + pg) * 5 / 4))           # during a COPY limit
        echo $((tmp_peak > pg_peak ? tmp_peak : pg_peak))
    else
        echo "$((tmp_peak > 2 * csv * 5 / 4 ? tmp_peak : 2 * csv * 5 / 4)) $((pg * 5 / 4))"
    fi
}

# Fails unless the temp dir (and the cluster's filesystem) can hold profile $1 at its peak.
check_disk() {
    local profile=$1 need_tmp need_pg free_tmp free_pg
    free_tmp=$(free_bytes "$work") || die "cannot tell the free space in $tmp_base (df)"
    if [[ $(fs_id "$work") == "$(fs_id "$pg_data_dir" 2>/dev/null || fs_id "$work")" ]]; then
        need_tmp=$(disk_need "$profile" same) need_pg=0 free_pg=0
    else
        read -r need_tmp need_pg < <(disk_need "$profile")
        free_pg=$(free_bytes "$pg_data_dir") || die "cannot tell the free space in $pg_data_dir (df)"
    fi
    ((free_tmp >= need_tmp)) ||
        die "profile $profile needs about $(gb "$need_tmp") GB free in $tmp_base (CSV + databases)," \
            "only $(gb "$free_tmp") GB available (df -h $tmp_base); free some space or set BENCH_TMPDIR"
    ((free_pg >= need_pg)) ||
        die "profile $profile needs about $(gb "$need_pg") GB free for the PostgreSQL cluster in" \
            "$pg_data_dir, only $(gb "$free_pg") GB available"
}

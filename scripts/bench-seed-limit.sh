#!/usr/bin/env bash
# The PostgreSQL ingest limit of issue 14, next to seedctl, in interleaved rounds:
#   seedctl    `seedctl seed --profile P --seed 42` into a freshly migrated database (binary COPY)
#   binary     the same rows, server-side `COPY … FROM 'file' (FORMAT binary, FREEZE)`
#   text       the same rows, server-side `COPY … FROM 'file' (FREEZE)` (text format)
# Each limit run is one `psql -1` transaction: the schema's pre-data (bare tables, CHECKs, no
# keys or indexes), the nine COPYs, the schema's post-data (keys, indexes, foreign keys from
# `pg_dump --section=post-data`), ANALYZE. The files are written once by `COPY … TO` from a
# seeded database and are in the page cache when read.
#
# Usage: scripts/bench-seed-limit.sh [PROFILE] [ROUNDS]   (defaults: staging 3)
# Needs the throwaway cluster (`make pg-up`, which writes .pg/env) and a release build
# (`make build`). Prints one line per run and the medians; the cluster and binary are shared
# with whatever else runs on the machine, so it prints the load average too.
set -euo pipefail
shopt -s inherit_errexit
export PGOPTIONS='-c client_min_messages=warning'
cd "$(dirname "$0")/.."
profile=${1:-staging}
rounds=${2:-3}
bin=${SEEDCTL_BIN:-.build/release/seedctl}
[[ -x $bin ]] || { echo "bench: build first: make build" >&2; exit 1; }
[[ -f .pg/env ]] || { echo "bench: start the cluster first: make pg-up" >&2; exit 1; }
set -a; source .pg/env; set +a
admin=$SEEDCTL_TEST_DATABASE_URL
base=${admin%/postgres}
# Schema-qualified: pg_dump's pre-data empties search_path.
tables=(shared.design_jobs shared.design_outputs shared.design_decisions public.tech_spec_sessions
    public.tech_research public.tech_conversations public.tech_trd_documents public.tech_error_logs
    public.patterns)
work=$(mktemp -d "${BENCH_TMPDIR:-/tmp}/seedctl-limit.XXXXXX")
chmod 777 "$work"  # the server (another OS user) writes and reads the files
trap 'rm -rf "$work"; for d in limit_src_$$ limit_run_$$; do psql -X -q -d "$admin" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" 2>/dev/null || true; done' EXIT
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
log() { printf 'bench: %s\n' "$*" >&2; }

fresh() { # fresh DB [migrated]
    q "$admin" "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
    q "$admin" "CREATE DATABASE $1" >/dev/null
    if [[ ${2:-} == migrated ]]; then "$bin" migrate --database-url "$base/$1" >/dev/null; fi
}

log "$profile: seeding a source database and writing the limit's files ..."
fresh limit_src_$$ migrated
seeded_rows=$("$bin" seed --profile "$profile" --seed 42 --format json --database-url "$base/limit_src_$$" | jq .rows)
pg_dump --schema-only --section=pre-data -d "$base/limit_src_$$" >"$work/pre.sql"
pg_dump --schema-only --section=post-data -d "$base/limit_src_$$" >"$work/post.sql"
for format in binary text; do
    {
        printf '\\i %s\n' "$work/pre.sql"
        for table in "${tables[@]}"; do
            q "$base/limit_src_$$" "COPY $table TO '$work/$table.$format' (FORMAT $format)"
            printf "COPY %s FROM '%s' WITH (FORMAT %s, FREEZE);\n" "$table" "$work/$table.$format" "$format"
        done
        printf '\\i %s\n' "$work/post.sql"
        printf 'ANALYZE %s;\n' "$(IFS=,; echo "${tables[*]}")"
    } >"$work/$format.sql"
done
log "$profile: files $(du -sh --apparent-size "$work" | cut -f1) ($(du -ch "$work"/*.binary | tail -1 | cut -f1) binary)"
q "$admin" "DROP DATABASE limit_src_$$ WITH (FORCE)" >/dev/null

declare -A runs
run_seedctl() {
    fresh limit_run_$$ migrated
    local start end
    start=$(date +%s%N)
    /usr/bin/time -v -o "$work/time" "$bin" seed --profile "$profile" --seed 42 --format json \
        --database-url "$base/limit_run_$$" >"$work/seed.json"
    end=$(date +%s%N)
    printf '%s %s %s\n' "$(awk -v n=$((end - start)) 'BEGIN { printf "%.2f", n / 1e9 }')" \
        "$(jq -r '.seconds | . * 100 | round / 100' "$work/seed.json")" \
        "$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): *//p' "$work/time")"
    jq -c '[.phases[] | {(.phase): (.seconds * 100 | round / 100)}] | add' "$work/seed.json" >&2
}
run_limit() {
    fresh limit_run_$$
    local start end
    start=$(date +%s%N)
    psql -X -q -v ON_ERROR_STOP=1 -1 -f "$work/$1.sql" -d "$base/limit_run_$$" >/dev/null
    end=$(date +%s%N)
    rows=$(q "$base/limit_run_$$" "SELECT $(printf '(SELECT count(*) FROM %s)+' "${tables[@]}")0")
    [[ $rows == "$seeded_rows" ]] || { log "$1 limit loaded $rows rows, seedctl $seeded_rows"; exit 1; }
    awk -v n=$((end - start)) 'BEGIN { printf "%.2f\n", n / 1e9 }'
}

log "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    order=(seedctl binary text)
    # Rotate the order each round so no method always runs first.
    for ((i = 0; i < round - 1; i++)); do order=("${order[@]:1}" "${order[0]}"); done
    for method in "${order[@]}"; do
        if [[ $method == seedctl ]]; then
            read -r wall json rss < <(run_seedctl)
            runs[seedctl]+="$wall "
            log "round $round seedctl: ${wall} s wall (${json} s in its JSON), peak RSS $((rss / 1024)) MB"
        else
            s=$(run_limit "$method")
            runs[$method]+="$s "
            log "round $round $method COPY limit: ${s} s"
        fi
    done
done
log "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
s=$(median <<<"${runs[seedctl]}"); b=$(median <<<"${runs[binary]}"); t=$(median <<<"${runs[text]}")
echo "profile $profile, $rounds rounds, medians (wall s): seedctl $s, binary COPY limit $b, text COPY limit $t"
awk -v s="$s" -v b="$b" -v t="$t" 'BEGIN { printf "seedctl / binary limit = %.2fx, seedctl / text limit = %.2fx (rows/s ratios)\n", b / s, t / s }'
echo "all runs: seedctl ${runs[seedctl]}; binary ${runs[binary]}; text ${runs[text]}"

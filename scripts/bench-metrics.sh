#!/usr/bin/env bash
# Live-metrics benchmark, two parts. Called by `make bench`.
#  1. What serving /metrics costs: `seedctl bench --query session_by_id` with and without
#     `--metrics-listen`, scraped every second (as Prometheus would, asking for OpenMetrics).
#  2. A heavier read against pgbench, with live metrics on: `status = 'completed' ORDER BY
#     created_at DESC LIMIT 10`, the same SQL for both tools, pgbench -M prepared -j 2.
#
#   BENCH_ROUNDS=5      rounds; each runs every variant once, in a rotating order
#   BENCH_SECONDS=10    seconds per run
#
# Prints markdown on stdout, progress on stderr, and rewrites the "Live metrics" section of
# docs/BENCHMARKS.md (between the metrics-bench marker comments). Medians, because a shared
# machine is noisy. Uses the cluster of scripts/pg-up.sh; stops it only if it started it.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
bin=$repo_root/.build/release/seedctl
doc=$repo_root/docs/BENCHMARKS.md
rounds=${BENCH_ROUNDS:-5}
seconds=${BENCH_SECONDS:-10}
cores=$(nproc)
port=${BENCH_METRICS_PORT:-19464}

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }
for tool in pgbench psql jq curl; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; run scripts/deps.sh"; done
[[ -x $bin ]] || die "$bin not found; run 'make build' (or 'make bench', which builds first)"
[[ $rounds =~ ^[1-9][0-9]*$ && $seconds =~ ^[1-9][0-9]*$ ]] ||
    die "BENCH_ROUNDS and BENCH_SECONDS must be positive integers"

before=$(cat .pg/dir 2>/dev/null || true)
scripts/pg-up.sh >&2 || die "could not start PostgreSQL (scripts/pg-up.sh)"
base=$(sed -n 's/^SEEDCTL_TEST_DATABASE_URL=//p' .pg/env)
db=seedctl_bench_metrics_$$
url=${base%/postgres}/$db
work=$(mktemp -d)
scraper=
cleanup() {
    local status=$?
    [[ -n $scraper ]] && kill "$scraper" 2>/dev/null
    psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
    [[ $before == "$(cat .pg/dir 2>/dev/null || true)" ]] || scripts/pg-down.sh
    exit "$status"
}
trap cleanup EXIT

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
psql -X -q -d "$base" -c "CREATE DATABASE $db" >/dev/null
"$bin" migrate --database-url "$url" >/dev/null
log "seeding the default profile"
"$bin" seed --profile default --database-url "$url" >/dev/null
heavy="SELECT id, status, current_stage, created_at FROM tech_spec_sessions WHERE status = 'completed' ORDER BY created_at DESC LIMIT 10;"
echo "$heavy" >"$work/heavy.sql"
printf -- '-- name: completed_latest\n-- expect: index idx_session_status_created\n-- max_ms: 50\n%s\n' "$heavy" \
    >"$work/heavy-catalog.sql"

# Scrapes /metrics once a second while the bench runs, as Prometheus does (OpenMetrics first).
scrape() {
    while sleep 1; do
        curl -s -o /dev/null -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' \
            "http://127.0.0.1:$port/metrics" || true
    done
}

declare -A tps=()
run() { # variant → prints tps
    local workload clients metrics=()
    case $1 in
    pgbench-heavy)
        pgbench -n -M prepared -f "$work/heavy.sql" -c 8 -j "$cores" -T "$seconds" "$url" 2>/dev/null |
            awk '/^tps/ { t = $3 } END { print t }'
        return
        ;;
    pk | pk-metrics) workload=(--query session_by_id) clients=10 ;;
    heavy | heavy-metrics) workload=(--catalog "$work/heavy-catalog.sql") clients=8 ;;
    esac
    if [[ $1 == *-metrics ]]; then
        metrics=(--metrics-listen "127.0.0.1:$port")
        scrape &
        scraper=$!
    fi
    "$bin" bench "${workload[@]}" --clients "$clients" --connections "$clients" --duration "${seconds}s" \
        --warmup 0s "${metrics[@]}" --json "$work/run.json" --database-url "$url" >/dev/null 2>&1
    if [[ -n $scraper ]]; then
        kill "$scraper" 2>/dev/null || true
        wait "$scraper" 2>/dev/null || true
        scraper=
    fi
    jq -r '.result.overall.tps' "$work/run.json"
}
variants=(pk pk-metrics pgbench-heavy heavy heavy-metrics)
for ((round = 0; round < rounds; round++)); do
    for ((i = 0; i < ${#variants[@]}; i++)); do
        variant=${variants[$(((i + round) % ${#variants[@]}))]}
        t=$(run "$variant")
        log "round $((round + 1))/$rounds $variant: $t tps"
        tps[$variant]+="$t "
    done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $cores CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
pk=$(median "${tps[pk]}")
pk_metrics=$(median "${tps[pk-metrics]}")
heavy_pgbench=$(median "${tps[pgbench-heavy]}")
heavy_plain=$(median "${tps[heavy]}")
heavy_metrics=$(median "${tps[heavy-metrics]}")
{
    echo "<!-- metrics-bench:start -->"
    echo "## Live metrics: their cost, and a heavier read against pgbench"
    echo
    echo "Generated by \`scripts/bench-metrics.sh\`; do not edit by hand. Reproduce with \`make bench\` (or"
    echo "\`BENCH_ROUNDS=$rounds BENCH_SECONDS=$seconds scripts/bench-metrics.sh\`)."
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $machine, PostgreSQL $(psql -X -A -t -d "$url" -c 'SHOW server_version'),"
    echo "profile \`default\`, release build. ${seconds} s per run, $rounds rounds in rotating order; medians."
    echo "\"metrics on\" is \`--metrics-listen 127.0.0.1:$port\` with \`/metrics\` fetched every second during the"
    echo "run (curl, asking for OpenMetrics as Prometheus does). Load average (1/5/15 min) at start: $load_start;"
    echo "at end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)."
    echo
    echo "| what | command | tps (median) | ratio |"
    echo "| --- | --- | --- | --- |"
    printf '| session_by_id, metrics off | `seedctl bench --query session_by_id --clients 10 --connections 10 --duration %ss --warmup 0s` | %.0f | 1.000 |\n' "$seconds" "$pk"
    printf '| session_by_id, metrics on | the same `--metrics-listen 127.0.0.1:%s`, scraped every 1 s | %.0f | %s of off |\n' "$port" "$pk_metrics" "$(ratio "$pk_metrics" "$pk")"
    printf '| heavier read, pgbench | `pgbench -n -M prepared -f heavy.sql -c 8 -j %s -T %s` | %.0f | 1.000 |\n' "$cores" "$seconds" "$heavy_pgbench"
    printf '| heavier read, seedctl, metrics off | `seedctl bench --catalog heavy-catalog.sql --clients 8 --connections 8 --duration %ss --warmup 0s` | %.0f | %s of pgbench |\n' "$seconds" "$heavy_plain" "$(ratio "$heavy_plain" "$heavy_pgbench")"
    printf '| heavier read, seedctl, metrics on | the same with `--metrics-listen`, scraped every 1 s | %.0f | %s of pgbench |\n' "$heavy_metrics" "$(ratio "$heavy_metrics" "$heavy_pgbench")"
    echo
    echo "\`heavy.sql\`: \`$heavy\` (the index \`idx_session_status_created\` serves it)."
    echo
    echo "All runs (tps): $(for variant in "${variants[@]}"; do printf '%s: %s; ' "$variant" "${tps[$variant]% }"; done)"
    echo "<!-- metrics-bench:end -->"
} >"$work/section.md"
cat "$work/section.md"
if grep -q '<!-- metrics-bench:start -->' "$doc"; then
    awk -v section="$work/section.md" '
        /<!-- metrics-bench:start -->/ { while ((getline line < section) > 0) print line; skip = 1; next }
        /<!-- metrics-bench:end -->/ { skip = 0; next }
        !skip' "$doc" >"$work/doc.md"
else
    { cat "$doc"; echo; cat "$work/section.md"; } >"$work/doc.md"
fi
cp "$work/doc.md" "$doc"
log "wrote the live-metrics section of $doc"

#!/usr/bin/env bash
# `seed --jobs N` (shadow tables loaded on N connections, swapped in by one transaction) against
# the plain one-connection `seed`, each into a fresh migrated database, in rotating order.
#
#   PROFILE=staging ROUNDS=3 JOBS=2 scripts/bench-jobs.sh
#
# Prints each run's wall seconds and the medians; written into docs/BENCHMARKS.md by hand (a
# measurement on a shared machine needs its load average next to it). Uses the cluster of
# scripts/pg-up.sh.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
bin=${SEEDCTL_BIN:-$repo_root/.build/release/seedctl}
profile=${PROFILE:-staging}
rounds=${ROUNDS:-3}
jobs=${JOBS:-2}
[[ -x $bin ]] || { echo "bench: $bin not found; run 'make build'" >&2; exit 1; }
scripts/pg-up.sh >&2
base=$(sed -n 's/^SEEDCTL_TEST_DATABASE_URL=//p' .pg/env)
db=seedctl_bench_jobs_$$
url=${base%/postgres}/$db
trap 'psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

declare -A times=()
run() { # mode → seconds
    psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
    "$bin" migrate --database-url "$url" >/dev/null
    local extra=()
    [[ $1 == jobs ]] && extra=(--jobs "$jobs")
    local start end
    start=$(date +%s.%N)
    "$bin" seed --profile "$profile" --seed 42 "${extra[@]}" --database-url "$url" >/dev/null
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
modes=(one jobs)
for ((round = 0; round < rounds; round++)); do
    for ((i = 0; i < ${#modes[@]}; i++)); do
        mode=${modes[$(((i + round) % ${#modes[@]}))]}
        t=$(run "$mode")
        echo "round $((round + 1))/$rounds $mode: $t s (load $(cut -d' ' -f1 /proc/loadavg))" >&2
        times[$mode]+="$t "
    done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "profile $profile, $rounds rounds: one connection $(median "${times[one]}") s (${times[one]% }); --jobs $jobs $(median "${times[jobs]}") s (${times[jobs]% })"

#!/usr/bin/env bash
# Issue 13's must-show for parallel parts, on the throwaway cluster (make pg-up): one full run
# timed, then ROUNDS times four parts started at once (timed), each compared with the full run
# by digest and `pg_dump --data-only`; then four parts with one killed (SIGKILL) and re-run.
# Usage: scripts/bench-parts.sh [BIN] (default .build/release/seedctl); PROFILE, SCALE, ROUNDS,
# PARTS, KILL_AFTER from the environment. Prints one line per step; exits 1 on any mismatch.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bin=${1:-.build/release/seedctl}
profile=${PROFILE:-default} scale=${SCALE:-1} rounds=${ROUNDS:-3} parts=${PARTS:-4}
kill_after=${KILL_AFTER:-0.5}
set -a
# shellcheck disable=SC1091
source .pg/env
set +a
admin=$SEEDCTL_TEST_DATABASE_URL
base=${admin%/*}
work=$(mktemp -d)
dbs=()
cleanup() {
    for db in "${dbs[@]}"; do psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "bench-parts: FAIL: $*" >&2
    exit 1
}
database() {
    local name=seedctl_parts_$1_$$
    psql -q "$admin" -c "CREATE DATABASE $name" >/dev/null
    dbs+=("$name")
    "$bin" migrate --migrations Migrations --database-url "$base/$name" >/dev/null
    echo "$base/$name"
}
digest() { "$bin" verify --format json --database-url "$1" | sed -nE 's/.*"digest" *: *"([0-9a-f]+)".*/\1/p'; }
dump() { pg_dump --data-only --exclude-table="seedctl_*" --restrict-key=seedctl "$1" | LC_ALL=C sort | sha256sum | cut -c1-16; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
shape=(--profile "$profile" --scale "$scale")

whole=$(database whole)
start=$(date +%s%N)
"$bin" seed "${shape[@]}" --format json --database-url "$whole" >/dev/null
echo "one process: $(seconds "$start" "$(date +%s%N)") s"
want_digest=$(digest "$whole") want_dump=$(dump "$whole")

pieces=$(database pieces)
for round in $(seq "$rounds"); do
    ((round == 1)) || "$bin" clear --database-url "$pieces" >/dev/null
    start=$(date +%s%N)
    pids=()
    for k in $(seq "$parts"); do
        "$bin" seed "${shape[@]}" --part "$k/$parts" --format json --database-url "$pieces" \
            >"$work/out.$k" 2>"$work/err.$k" &
        pids+=($!)
    done
    for k in $(seq "$parts"); do
        wait "${pids[k - 1]}" || fail "round $round part $k/$parts: $(cat "$work/err.$k")"
    done
    took=$(seconds "$start" "$(date +%s%N)")
    [[ $(digest "$pieces") == "$want_digest" ]] || fail "round $round: digest differs"
    [[ $(dump "$pieces") == "$want_dump" ]] || fail "round $round: pg_dump differs"
    echo "round $round: $parts parts at once: $took s, all exit 0, digest and pg_dump equal the full run"
done

"$bin" clear --database-url "$pieces" >/dev/null
pids=()
for k in $(seq "$parts"); do
    "$bin" seed "${shape[@]}" --part "$k/$parts" --format json --database-url "$pieces" \
        >"$work/out.$k" 2>"$work/err.$k" &
    pids+=($!)
done
sleep "$kill_after"
kill -KILL "${pids[1]}" 2>/dev/null || true
for k in $(seq "$parts"); do
    status=0
    wait "${pids[k - 1]}" || status=$?
    if ((k == 2)); then
        echo "part 2/$parts: exit $status (137 = killed)"
    else
        ((status == 0)) || fail "part $k/$parts beside the killed one: exit $status: $(cat "$work/err.$k")"
    fi
done
if "$bin" seed "${shape[@]}" --part "2/$parts" --database-url "$pieces" >/dev/null 2>"$work/err.rerun"; then
    echo "part 2/$parts re-run: exit 0"
else
    echo "part 2/$parts re-run refused: $(cat "$work/err.rerun")"
fi
[[ $(digest "$pieces") == "$want_digest" ]] || fail "after the kill: digest differs"
[[ $(dump "$pieces") == "$want_dump" ]] || fail "after the kill: pg_dump differs"
echo "killed and re-run: digest and pg_dump equal the full run"

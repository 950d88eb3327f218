#!/usr/bin/env bash
# Throughput through a connection pooler: `seedctl bench --protocol extended` against
# `pgbench -M extended`, both through one PgBouncer in transaction mode, on the same one-query
# catalog, client count and duration; then the whole default catalog through the same pooler,
# whose errors must be 0. Called by `make bench`.
#
#   BENCH_ROUNDS=5      rounds; each runs both tools once, in a rotating order
#   BENCH_SECONDS=10    seconds per run
#   BENCH_CLIENTS=10    clients = connections = PgBouncer's pool size
#
# Prints a markdown section on stdout, progress on stderr, and rewrites the "Through PgBouncer"
# section of docs/BENCHMARKS.md (between the pooler-bench marker comments). Medians, because a
# shared machine is noisy. Uses the cluster of scripts/pg-up.sh; stops it only if it started it.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
bin=${SEEDCTL_BIN:-$repo_root/.build/release/seedctl}
doc=$repo_root/docs/BENCHMARKS.md
rounds=${BENCH_ROUNDS:-5}
seconds=${BENCH_SECONDS:-10}
clients=${BENCH_CLIENTS:-10}
cores=$(nproc)

source "$repo_root/scripts/bench-lib.sh"
for tool in pgbench psql jq python3; do command -v "$tool" >/dev/null 2>&1 || die "'$tool' not found; run scripts/deps.sh"; done
pgbouncer=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null || true)
[[ -x $pgbouncer ]] || die "pgbouncer not found; run scripts/deps.sh"
[[ -x $bin ]] || die "$bin not found; run 'make build' (or 'make bench', which builds first)"
[[ $rounds =~ ^[1-9][0-9]*$ && $seconds =~ ^[1-9][0-9]*$ && $clients =~ ^[1-9][0-9]*$ ]] ||
    die "BENCH_ROUNDS, BENCH_SECONDS and BENCH_CLIENTS must be positive integers"

bouncer_pid=
reader=seedctl_bench_reader_$$
bench_cleanup_hook() {
    [[ -z $bouncer_pid ]] || kill "$bouncer_pid" 2>/dev/null
    # The role's grants live in the database: drop that first.
    psql -X -q -d "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "DROP ROLE IF EXISTS $reader" \
        >/dev/null 2>&1 || true
}
bench_seeded_database seedctl_bench_pooler_$$
bench_session_query
# The same query with the read-only mark seedctl sends behind a pooler, in one pipeline.
printf '\\startpipeline\nSELECT set_config('"'"'transaction_read_only'"'"', '"'"'on'"'"', true);\n%s\n\\endpipeline\n' "$sql" >"$work/q-ro.sql"

# A login role whose transactions are read-only by default, as a team would give its load tests:
# seedctl trusts that default (it reaches every server connection the pool opens) and sends no
# per-read mark. PgBouncer logs in as it for the database alias `reader`.
reader_password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
psql -X -q -d "$url" >/dev/null <<SQL
CREATE ROLE $reader LOGIN PASSWORD '$reader_password';
ALTER ROLE $reader SET default_transaction_read_only = on;
SELECT format('GRANT USAGE ON SCHEMA %1\$I TO $reader; GRANT SELECT ON ALL TABLES IN SCHEMA %1\$I TO $reader', nspname)
FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' \\gexec
SQL

# PgBouncer in transaction mode on a free loopback port, trusting the local user; the server
# password goes in the [databases] line. As root it runs as nobody, with files nobody can read.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
read -r user password host server_port < <(python3 -c '
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(p.username, p.password or "", p.hostname, p.port or 5432)' "$base")
chmod 755 "$work"
cat >"$work/pgbouncer.ini" <<INI
[databases]
reader = host=$host port=$server_port dbname=$db user=$reader password=$reader_password
* = host=$host port=$server_port user=$user password=$password
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $work/users.txt
pool_mode = transaction
default_pool_size = $clients
max_client_conn = 500
ignore_startup_parameters = extra_float_digits,options
INI
printf '"%s" ""\n' "$user" >"$work/users.txt"
chmod 644 "$work/pgbouncer.ini" "$work/users.txt"
as_nobody=()
[[ $(id -u) != 0 ]] || as_nobody=(-u nobody)
"$pgbouncer" "${as_nobody[@]}" "$work/pgbouncer.ini" >"$work/pgbouncer.log" 2>&1 &
bouncer_pid=$!
pooled="postgres://$user@127.0.0.1:$port/$db?sslmode=disable"
pooled_reader="postgres://$user@127.0.0.1:$port/reader?sslmode=disable"
for _ in $(seq 100); do psql -X -q -d "$pooled" -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
psql -X -q -d "$pooled" -c 'SELECT 1' >/dev/null || die "PgBouncer did not start: $(cat "$work/pgbouncer.log")"
bouncer_version=$("$pgbouncer" --version | head -1)

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A tps=() latency=() errors=()
run() { # tool → "tps latency_ms errors"
    case $1 in
    pgbench | pgbench-ro | pgbench-reader)
        local script=$work/q.sql target=$pooled
        [[ $1 == pgbench-ro ]] && script=$work/q-ro.sql
        [[ $1 == pgbench-reader ]] && target=$pooled_reader
        pgbench -n -M extended -f "$script" -c "$clients" -j "$cores" -T "$seconds" "$target" 2>/dev/null |
            awk '/^latency average/ { l = $4 } /^tps/ { t = $3 } /failed transactions/ { f = $5 } END { print t, l, f + 0 }'
        ;;
    seedctl | seedctl-reader)
        local target=$pooled
        [[ $1 == seedctl-reader ]] && target=$pooled_reader
        "$bin" bench --catalog "$work/q-catalog.sql" --protocol extended --clients "$clients" \
            --connections "$clients" --duration "${seconds}s" --warmup 0s --json "$work/run.json" \
            --database-url "$target" >/dev/null || true
        jq -r '"\(.result.overall.tps) \(.result.overall.avgMs) \(.result.overall.errors)"' "$work/run.json"
        ;;
    esac
}
tools=(pgbench-reader seedctl-reader pgbench pgbench-ro seedctl)
for ((round = 0; round < rounds; round++)); do
    for ((i = 0; i < ${#tools[@]}; i++)); do
        tool=${tools[$(((i + round) % ${#tools[@]}))]}
        read -r t l e < <(run "$tool")
        log "round $((round + 1))/$rounds $tool: $t tps, $l ms, $e errors"
        tps[$tool]+="$t "
        latency[$tool]+="$l "
        errors[$tool]+="$e "
    done
done
log "the whole catalog, --protocol extended"
"$bin" bench --protocol extended --clients "$clients" --connections "$clients" --duration "${seconds}s" \
    --warmup 0s --json "$work/catalog.json" --database-url "$pooled" >/dev/null || true
catalog_tps=$(jq -r '.result.overall.tps' "$work/catalog.json")
catalog_errors=$(jq -r '.result.overall.errors' "$work/catalog.json")

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $cores CPUs, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)"
ratio_of() { awk -v a="$(median "${tps[$1]}")" -v b="$(median "${tps[$2]}")" 'BEGIN { printf "%.2f", a / b }'; }
ratio_reader=$(ratio_of seedctl-reader pgbench-reader)
ratio=$(ratio_of seedctl pgbench)
ratio_ro=$(ratio_of seedctl pgbench-ro)
{
    echo "<!-- pooler-bench:start -->"
    echo "## Through PgBouncer (transaction mode): seedctl bench --protocol extended and pgbench -M extended"
    echo
    echo "Generated by \`scripts/bench-pooler.sh\`; do not edit by hand. Reproduce with \`make bench\` (or"
    echo "\`BENCH_ROUNDS=$rounds BENCH_SECONDS=$seconds BENCH_CLIENTS=$clients scripts/bench-pooler.sh\`)."
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $machine, $(psql -X -A -t -d "$url" -c 'SHOW server_version'), $bouncer_version"
    echo "(\`pool_mode = transaction\`, \`default_pool_size = $clients\`), profile \`default\`, release build."
    echo "One SELECT by a fixed id (\`q.sql\`; seedctl runs the same SQL from a one-query catalog), $clients clients on"
    echo "$clients connections, ${seconds} s per run, $rounds rounds in rotating order; medians."
    echo
    echo "Two ways in. \`-reader\` rows go through the alias \`reader\`, where PgBouncer logs in as a role"
    echo "made read-only by default (\`ALTER ROLE … SET default_transaction_read_only = on\`): seedctl"
    echo "trusts that default and sends nothing extra. The other rows log in as the superuser, so"
    echo "seedctl marks each read read-only in the same round trip (\`SELECT set_config('transaction_read_only',"
    echo "'on', true)\` pipelined before the statement, one Sync); \`pgbench-ro\` sends the same pipeline"
    echo "(\`q-ro.sql\`: \`\\startpipeline\`, the mark, the query, \`\\endpipeline\`), plain \`pgbench\` does not."
    echo
    echo "| tool | command | tps (median) | avg latency | errors (all rounds) |"
    echo "| --- | --- | --- | --- | --- |"
    for tool in "${tools[@]}"; do
        case $tool in
        pgbench) command="pgbench -n -M extended -f q.sql -c $clients -j $cores -T $seconds" ;;
        pgbench-reader) command="pgbench -n -M extended -f q.sql -c $clients -j $cores -T $seconds (alias reader)" ;;
        seedctl-reader) command="seedctl bench --catalog q-catalog.sql --protocol extended --clients $clients --connections $clients --duration ${seconds}s --warmup 0s (alias reader)" ;;
        pgbench-ro) command="pgbench -n -M extended -f q-ro.sql -c $clients -j $cores -T $seconds" ;;
        seedctl) command="seedctl bench --catalog q-catalog.sql --protocol extended --clients $clients --connections $clients --duration ${seconds}s --warmup 0s" ;;
        esac
        printf '| %s | `%s` | %.0f | %.3f ms | %s |\n' "$tool" "$command" "$(median "${tps[$tool]}")" \
            "$(median "${latency[$tool]}")" "$(sum "${errors[$tool]}")"
    done
    echo
    echo "Read-only role: seedctl-reader ÷ pgbench-reader **${ratio_reader}×** (target ≥ 0.9×). Superuser, each"
    echo "read marked: seedctl ÷ pgbench **${ratio}×**; seedctl ÷ pgbench-ro (the same statements) **${ratio_ro}×**."
    echo "The whole default catalog, \`seedctl bench --protocol extended\` through the same pooler, ${seconds} s:"
    printf '%.0f tps, %s errors.\n' "$catalog_tps" "$catalog_errors"
    echo
    echo "All runs (tps): $(for tool in "${tools[@]}"; do printf '%s: %s; ' "$tool" "${tps[$tool]% }"; done)"
    echo "Load average (1, 5, 15 min) before the runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "<!-- pooler-bench:end -->"
} >"$work/section.md"
cat "$work/section.md"
write_section pooler-bench "$work/section.md"
log "wrote the pooler section of $doc"

# Row checks of scripts/bench-seed.sh: every load must produce seedctl's rows, with the same
# NULLs. Sourced, not executed; uses pg_query and physical from lib.sh.
# shellcheck shell=bash

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
        [[ $rows == "$expected" ]] ||
            die "table $table holds $rows rows but seedctl reported ${expected:-none}"
    done <<<"$stats"
}

-- The expert catalog: query shapes over the default profile (plus setup.postgres.sql /
-- setup.sqlite.sql) whose verdicts a PostgreSQL or SQLite engineer would sign. The expected
-- verdict of each query, per backend, is written next to its name in
-- Tests/IntegrationTests/ExplainExpertTests.swift; the comment above each block says why.

-- 1. A join whose one indexed side passes while the other side is read in full:
--    Seq Scan of 100,000 conversations (PostgreSQL), SCAN c (SQLite).
-- name: join_like_big_side_full
-- expect: index idx_session_status_created
-- max_ms: 5000
-- param status: one of paused
SELECT c.id, c.created_at, s.id AS session_id
FROM tech_conversations c
JOIN tech_spec_sessions s ON s.id = c.session_id
WHERE c.content LIKE '%export%' AND s.status = :status;

-- 1. 'any index' satisfied by a pkey lookup on the small side while the big side is read in full.
-- name: join_any_index_big_side_full
-- expect: any index
-- max_ms: 5000
SELECT c.id, s.status
FROM tech_conversations c
JOIN tech_spec_sessions s ON s.id = c.session_id
WHERE c.content LIKE '%timed out%';

-- 1. Every session read (10,000 rows: at the small-table size) to look up its conversations.
-- name: join_all_sessions_read
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
SELECT s.id, count(c.id) AS turns
FROM tech_spec_sessions s
JOIN tech_conversations c ON c.session_id = s.id
WHERE s.progress_percentage > 10
GROUP BY s.id;

-- 1. / 4. SQLite builds an automatic index over 100,000 conversations on every execution after
--    scanning 5,000 patterns; PostgreSQL hashes a full read of them. Not a small table.
-- name: automatic_index_big_table
-- expect: any index
-- max_ms: 5000
SELECT p.id, c.id AS conversation_id
FROM patterns p
JOIN tech_conversations c ON c.content = p.key_insight
WHERE p.usage_count > 100;

-- 2. A whole-index read without a condition feeding GROUP BY: not "order only".
-- name: group_by_whole_index
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
SELECT session_id, count(*) AS turns
FROM tech_conversations
GROUP BY session_id;

-- 2. An anti join of two full reads.
-- name: anti_join_full_reads
-- expect: any index
-- max_ms: 5000
SELECT s.id
FROM tech_spec_sessions s
WHERE NOT EXISTS (SELECT 1 FROM tech_conversations c WHERE c.session_id = s.id);

-- 2. ORDER BY … LIMIT with no filter: the index supplies the order and 20 rows are read.
-- name: order_only_limit
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
SELECT id, session_id, created_at
FROM tech_conversations
ORDER BY session_id, created_at
LIMIT 20;

-- 2. The same with a large OFFSET: 50,020 rows read for 20; not close to the limit.
-- name: order_only_large_offset
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
SELECT id, session_id, created_at
FROM tech_conversations
ORDER BY session_id, created_at
LIMIT 20 OFFSET 50000;

-- 2. ORDER BY … LIMIT whose WHERE the index does not serve.
-- name: order_only_with_filter
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
SELECT id FROM tech_conversations
WHERE role = 'system'
ORDER BY session_id, created_at
LIMIT 20;

-- 3. Every 'one of' value judged: 'failed' (989 rows) gets a bitmap scan, 'completed' (4,000
--    of 10,000) a Seq Scan on PostgreSQL. SQLite searches the index for both.
-- name: status_one_of_values
-- expect: index idx_session_status_created
-- max_ms: 5000
-- param status: one of failed, completed
SELECT id, design_job_id, status, current_stage, progress_percentage, created_at, updated_at
FROM tech_spec_sessions
WHERE status = :status;

-- 3. A sampled parameter, several draws: every draw is served.
-- name: conversations_of_sampled_session
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
-- param session_id: sample tech_conversations.session_id
SELECT id, role, content, created_at
FROM tech_conversations
WHERE session_id = :session_id;

-- 4. Another index than the expected one, plus a full read of a 6,000-row table: "expected X,
--    used Y", not "small table".
-- name: other_index_plus_small_scan
-- expect: index idx_trd_session_version
-- max_ms: 5000
SELECT t.id, t.version, s.status
FROM tech_trd_documents t
JOIN tech_spec_sessions s ON s.id = t.session_id
WHERE s.status = 'paused' AND t.quality_score > 0.9;

-- 5. A range on the second column of (session_id, created_at): not index use.
-- name: second_column_range
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
-- param since: sample tech_conversations.created_at
SELECT id, session_id, created_at
FROM tech_conversations
WHERE created_at >= :since AND created_at < :since::timestamptz + interval '1 day';
-- sqlite:
SELECT id, session_id, created_at
FROM tech_conversations
WHERE created_at >= :since AND created_at < substr(:since, 1, 10) || 'T23:59:59.999999Z';

-- 6. The partial index's predicate serves NOT recovered; error_type is a Filter on few rows.
-- name: partial_index_with_filter
-- expect: index idx_tech_error_logs_created_at_unrecovered
-- max_ms: 5000
-- param error_type: one of LLMTimeoutError, ToolCallError
SELECT id, session_id, message, created_at
FROM tech_error_logs
WHERE NOT recovered AND error_type = :error_type
ORDER BY created_at DESC
LIMIT 20;

-- 6. The partial index read whole: its predicate is the query's whole condition.
-- name: partial_index_count
-- expect: index idx_tech_error_logs_created_at_unrecovered
-- max_ms: 5000
SELECT count(*) AS unrecovered
FROM tech_error_logs
WHERE NOT recovered;

-- 7. Per-partition indexes of the expected parent index.
-- name: partition_index_lookup
-- expect: index idx_conversation_archive_session
-- max_ms: 5000
-- param session_id: sample tech_conversations.session_id
SELECT id, role, created_at
FROM conversation_archive
WHERE session_id = :session_id
ORDER BY created_at;

-- 7. Every partition (25,000 rows each) read in full.
-- name: partition_full_read
-- expect: any index
-- max_ms: 5000
SELECT id, session_id
FROM conversation_archive
WHERE role = 'system' AND content LIKE '%retry%';

-- 8. A WHERE inside a correlated subquery: the outer table has no WHERE, ORDER BY … LIMIT.
-- name: where_in_correlated_subquery
-- expect: index idx_patterns_wilson
-- max_ms: 5000
SELECT p.id, p.title,
       (SELECT count(*) FROM patterns q WHERE q.category = p.category) AS in_category
FROM patterns p
ORDER BY p.wilson_score DESC
LIMIT 10;

-- 8. The word where inside a string literal.
-- name: where_in_string_literal
-- expect: index idx_patterns_wilson
-- max_ms: 5000
SELECT id, title, 'where to use: ' || when_to_use AS note
FROM patterns
ORDER BY wilson_score DESC
LIMIT 5;

-- Right today: a bitmap scan.
-- name: bitmap_heap_scan
-- expect: index idx_session_status_created
-- max_ms: 5000
-- param status: one of paused, failed
SELECT id, design_job_id, current_stage, progress_percentage, created_at
FROM tech_spec_sessions
WHERE status = :status;

-- Right today: BitmapOr of two indexes (SQLite: MULTI-INDEX OR).
-- name: bitmap_or
-- expect: any index
-- max_ms: 5000
-- param job_id: sample tech_spec_sessions.design_job_id
SELECT id, status, current_stage
FROM tech_spec_sessions
WHERE status = 'paused' OR design_job_id = :job_id;

-- Right today: an Index Only Scan with a condition.
-- name: index_only_with_condition
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
-- param session_id: sample tech_conversations.session_id
SELECT session_id, created_at
FROM tech_conversations
WHERE session_id = :session_id
ORDER BY created_at DESC;

-- Right today: a parameterized nested loop (the inner index takes the outer row's key).
-- name: parameterized_nested_loop
-- expect: index tech_spec_sessions_pkey
-- max_ms: 5000
-- param ids: batch 20 of tech_spec_sessions.id
SELECT s.id, c.id AS conversation_id, c.created_at
FROM tech_spec_sessions s
JOIN tech_conversations c ON c.session_id = s.id
WHERE s.id IN (:ids);

-- Right today: Memoize over a pkey lookup, the outer side served by its index.
-- name: memoize_lookup
-- expect: index idx_tech_error_logs_created_at_unrecovered
-- max_ms: 5000
SELECT e.id, e.error_type, s.status
FROM tech_error_logs e
JOIN tech_spec_sessions s ON s.id = e.session_id
WHERE NOT e.recovered
ORDER BY e.created_at DESC
LIMIT 300;

-- Right today: a CTE read from its own result, not a table.
-- name: cte_over_index
-- expect: index idx_conversation_session_timestamp
-- max_ms: 5000
-- param session_id: sample tech_conversations.session_id
WITH recent AS MATERIALIZED (
    SELECT role, created_at FROM tech_conversations
    WHERE session_id = :session_id ORDER BY created_at DESC LIMIT 20)
SELECT role, count(*) AS turns FROM recent GROUP BY role;

-- Right today: correlated SubPlans served by their indexes.
-- name: subplan_lookups
-- expect: index tech_spec_sessions_pkey
-- max_ms: 5000
-- param id: sample tech_spec_sessions.id
SELECT s.id,
       (SELECT max(c.created_at) FROM tech_conversations c WHERE c.session_id = s.id) AS last_turn,
       (SELECT count(*) FROM tech_research r WHERE r.session_id = s.id) AS research
FROM tech_spec_sessions s
WHERE s.id = :id;

-- Right today: an InitPlan (max through the order of the index, one row), then a range on it.
-- name: init_plan_max
-- expect: index idx_patterns_wilson
-- max_ms: 5000
SELECT id, title, wilson_score
FROM patterns
WHERE wilson_score >= (SELECT max(wilson_score) FROM patterns) - 0.01;

-- Right today: a prefix LIKE on a text_pattern_ops index (SQLite: a NOCASE index).
-- name: prefix_like_pattern_ops
-- expect: index idx_patterns_title_pattern
-- max_ms: 5000
SELECT id, title
FROM patterns
WHERE title LIKE 'Stale%';

-- Right today: the default catalog's partial index with its predicate, ORDER BY … LIMIT.
-- name: partial_index_predicate
-- expect: index idx_tech_error_logs_created_at_unrecovered
-- max_ms: 5000
SELECT id, session_id, error_type, created_at
FROM tech_error_logs
WHERE NOT recovered
ORDER BY created_at DESC
LIMIT 50;

-- Right today: 'full scan ok' on a parallel scan of 100,000 rows.
-- name: full_scan_ok_parallel
-- expect: full scan ok
-- max_ms: 5000
SELECT role, count(*) AS turns, max(created_at) AS latest
FROM tech_conversations
GROUP BY role;

-- A full read the catalog allows for that table only: the research (30,000 rows) may be read
-- in full, the sessions are served by their index.
-- name: full_read_allowed_for_table
-- expect: index idx_session_status_created
-- full scan: tech_research
-- max_ms: 5000
SELECT r.technology_category, count(*) AS paused_research
FROM tech_research r
JOIN tech_spec_sessions s ON s.id = r.session_id
WHERE s.status = 'paused' AND r.selected_technology IS NOT NULL
GROUP BY r.technology_category;

-- The same query without the allowance.
-- name: full_read_not_allowed
-- expect: index idx_session_status_created
-- max_ms: 5000
SELECT r.technology_category, count(*) AS paused_research
FROM tech_research r
JOIN tech_spec_sessions s ON s.id = r.session_id
WHERE s.status = 'paused' AND r.selected_technology IS NOT NULL
GROUP BY r.technology_category;

-- A write with every stage judged: each value is a pkey lookup.
-- name: update_every_stage
-- write
-- expect: index tech_spec_sessions_pkey
-- max_ms: 5000
-- param id: sample tech_spec_sessions.id
-- param stage: one of research, architecture, review
UPDATE tech_spec_sessions SET current_stage = :stage WHERE id = :id;

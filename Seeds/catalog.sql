-- The query catalog that `seedctl explain` checks and `seedctl bench` drives.
--
-- One block per query:
--   -- name: NAME                 lowercase, unique; tags the SQL as /* seedctl:NAME */
--   -- expect: index A[, B]       one of these indexes must serve the WHERE (or, with no WHERE,
--                                 ORDER BY … LIMIT); or 'any index'; or 'full scan ok' for an
--                                 aggregate that must read the whole table; or 'no table read'
--                                 for a write whose plan must read no table at all (a plain
--                                 INSERT … VALUES; foreign-key checks are not plan nodes).
--                                 Every node that reads a table is judged: a full read of a
--                                 table of 10,000 rows or more fails (README "Verdict rules")
--   -- full scan: TABLE[, …]      tables the plan may read in full whatever their size
--   -- max_ms: N                  latency budget in milliseconds
--   -- weight: N                  share of a bench workload (default 1)
--   -- write                      the SQL changes data; required when it starts with INSERT,
--                                 UPDATE or DELETE (or is a WITH holding one). Explain, and
--                                 bench by default, run each execution in a transaction that is
--                                 rolled back, so the dataset never changes
--   -- param NAME: sample TABLE.COLUMN | one of A, B | batch N of TABLE.COLUMN | new uuid
-- then the SQL, with :NAME placeholders (bound, never spliced). A batch parameter is written
-- IN (:NAME). 'new uuid' is a fresh lowercase version-4 UUID per draw (deterministic with the
-- seed), for the id of an inserted row. A line '-- sqlite:' starts a SQLite variant of the SQL;
-- without one, SQLite runs the same text with shared.x written as shared_x. SQLite stores
-- timestamps as text 'YYYY-MM-DDTHH:MM:SS.ffffffZ' and uuids as lowercase text, which its
-- CHECKs enforce: a write's variant spells them that way.

-- name: session_by_id
-- expect: index tech_spec_sessions_pkey
-- max_ms: 5
-- weight: 10
-- param id: sample tech_spec_sessions.id
SELECT id, design_job_id, status, current_stage, progress_percentage, created_at, updated_at
FROM tech_spec_sessions
WHERE id = :id;

-- name: sessions_by_status
-- expect: index idx_session_status_created
-- max_ms: 50
-- weight: 5
-- param status: one of in_progress, completed, paused
SELECT id, status, current_stage, created_at
FROM tech_spec_sessions
WHERE status = :status
ORDER BY created_at DESC
LIMIT 50;

-- name: research_by_session
-- expect: index ix_tech_research_session_id
-- max_ms: 20
-- weight: 5
-- param session_id: sample tech_research.session_id
SELECT id, technology_category, options, selected_technology, decision_reason, created_at
FROM tech_research
WHERE session_id = :session_id
ORDER BY created_at;

-- name: conversation_page
-- expect: index idx_conversation_session_timestamp
-- max_ms: 30
-- weight: 10
-- param session_id: sample tech_conversations.session_id
SELECT id, role, content, metadata, created_at
FROM tech_conversations
WHERE session_id = :session_id
ORDER BY created_at DESC
LIMIT 50;

-- name: status_counts
-- expect: full scan ok
-- max_ms: 50
-- weight: 1
SELECT status, count(*) AS sessions
FROM tech_spec_sessions
GROUP BY status;

-- name: session_eager_load
-- expect: index tech_spec_sessions_pkey
-- max_ms: 100
-- weight: 3
-- param id: sample tech_spec_sessions.id
SELECT s.id, s.status, s.current_stage,
       (SELECT json_agg(json_build_object('category', r.technology_category, 'selected', r.selected_technology)
                        ORDER BY r.created_at)
        FROM tech_research r WHERE r.session_id = s.id) AS research,
       (SELECT json_build_object('version', t.version, 'quality', t.quality_score)
        FROM tech_trd_documents t WHERE t.session_id = s.id ORDER BY t.version DESC LIMIT 1) AS latest_trd,
       (SELECT json_agg(c ORDER BY c.created_at)
        FROM (SELECT role, content, created_at FROM tech_conversations
              WHERE session_id = s.id ORDER BY created_at DESC LIMIT 20) c) AS recent_conversations
FROM tech_spec_sessions s
WHERE s.id = :id;
-- sqlite:
SELECT s.id, s.status, s.current_stage,
       (SELECT json_group_array(json_object('category', r.technology_category, 'selected', r.selected_technology))
        FROM (SELECT technology_category, selected_technology FROM tech_research
              WHERE session_id = s.id ORDER BY created_at) r) AS research,
       (SELECT json_object('version', t.version, 'quality', t.quality_score)
        FROM tech_trd_documents t WHERE t.session_id = s.id ORDER BY t.version DESC LIMIT 1) AS latest_trd,
       (SELECT json_group_array(json_object('role', c.role, 'content', c.content, 'created_at', c.created_at))
        FROM (SELECT role, content, created_at FROM tech_conversations
              WHERE session_id = s.id ORDER BY created_at DESC LIMIT 20) c) AS recent_conversations
FROM tech_spec_sessions s
WHERE s.id = :id;

-- name: unrecovered_errors
-- expect: index idx_tech_error_logs_created_at_unrecovered
-- max_ms: 50
-- weight: 2
SELECT id, session_id, error_type, message, retry_count, created_at
FROM tech_error_logs
WHERE NOT recovered
ORDER BY created_at DESC
LIMIT 50;

-- name: session_with_design_job
-- expect: index tech_spec_sessions_pkey
-- max_ms: 100
-- weight: 5
-- param id: sample tech_spec_sessions.id
SELECT s.id, s.status, j.id AS design_job_id, j.title, j.status AS design_status
FROM tech_spec_sessions s
JOIN shared.design_jobs j ON j.id = s.design_job_id
WHERE s.id = :id;

-- name: sessions_with_design_jobs_batch
-- expect: index tech_spec_sessions_pkey
-- max_ms: 150
-- weight: 1
-- param ids: batch 50 of tech_spec_sessions.id
SELECT s.id, s.status, j.title
FROM tech_spec_sessions s
JOIN shared.design_jobs j ON j.id = s.design_job_id
WHERE s.id IN (:ids);

-- name: design_outputs_by_job
-- expect: index idx_design_outputs_design_job_id_created_at
-- max_ms: 20
-- weight: 3
-- param job_id: sample shared.design_outputs.design_job_id
SELECT id, output_type, content, created_at
FROM shared.design_outputs
WHERE design_job_id = :job_id
ORDER BY created_at;

-- name: design_decisions_by_job
-- expect: index idx_design_decisions_design_job_id_decided_at
-- max_ms: 20
-- weight: 3
-- param job_id: sample shared.design_decisions.design_job_id
SELECT id, question, decision, rationale, decided_at
FROM shared.design_decisions
WHERE design_job_id = :job_id
ORDER BY decided_at;

-- name: cross_schema_aggregate
-- expect: index idx_design_jobs_status_created_at
-- max_ms: 100
-- weight: 1
-- param status: one of completed, running
-- PostgreSQL counts each job's sessions through a lateral lookup (index-only on
-- idx_tech_spec_sessions_design_job_id_status); a plain LEFT JOIN … GROUP BY hashes a full read
-- of the 10,000 sessions instead. SQLite has no LATERAL; its nested loop searches the same index.
SELECT j.id, j.title, c.sessions, c.completed_sessions
FROM (SELECT id, title, created_at FROM shared.design_jobs
      WHERE status = :status ORDER BY created_at DESC LIMIT 20) j
CROSS JOIN LATERAL (
    SELECT count(*) AS sessions, count(*) FILTER (WHERE s.status = 'completed') AS completed_sessions
    FROM tech_spec_sessions s WHERE s.design_job_id = j.id) c
ORDER BY j.created_at DESC;
-- sqlite:
SELECT j.id, j.title, count(s.id) AS sessions,
       count(s.id) FILTER (WHERE s.status = 'completed') AS completed_sessions
FROM (SELECT id, title, created_at FROM shared.design_jobs
      WHERE status = :status ORDER BY created_at DESC LIMIT 20) j
LEFT JOIN tech_spec_sessions s ON s.design_job_id = j.id
GROUP BY j.id, j.title, j.created_at
ORDER BY j.created_at DESC;

-- name: pattern_with_metadata
-- expect: index patterns_pkey
-- max_ms: 500
-- weight: 5
-- param id: sample patterns.id
SELECT id, category, title, usage_count, success_count, wilson_score, key_insight, when_to_use,
       common_pitfalls, created_at, updated_at
FROM patterns
WHERE id = :id;

-- name: top_patterns
-- expect: index idx_patterns_wilson
-- max_ms: 50
-- weight: 2
SELECT id, title, usage_count, success_count, wilson_score
FROM patterns
ORDER BY wilson_score DESC
LIMIT 20;

-- name: best_patterns_in_category
-- expect: index idx_patterns_category_wilson
-- max_ms: 50
-- weight: 2
-- param category: sample patterns.category
SELECT id, title, usage_count, wilson_score
FROM patterns
WHERE category = :category
ORDER BY wilson_score DESC
LIMIT 10;

-- name: latest_trd
-- expect: index idx_trd_session_version
-- max_ms: 20
-- weight: 2
-- param session_id: sample tech_trd_documents.session_id
SELECT id, version, quality_score, validation_report, created_at
FROM tech_trd_documents
WHERE session_id = :session_id
ORDER BY version DESC
LIMIT 1;

-- Writes: a small share of the mix; each leaves the dataset as it was unless bench is told to commit.

-- name: create_conversation_turn
-- write
-- expect: no table read
-- max_ms: 20
-- weight: 2
-- param id: new uuid
-- param session_id: sample tech_spec_sessions.id
-- param role: one of user, agent
INSERT INTO tech_conversations (id, session_id, role, content, metadata, created_at)
VALUES (
    :id, :session_id, :role,
    CASE :role
        WHEN 'user' THEN 'Can we keep the public API stable while the storage layer moves to PostgreSQL?'
        ELSE 'Yes: keep the repository interface, dual-write during the migration window, then switch reads.'
    END,
    CASE :role
        WHEN 'user' THEN '{"source": "web", "tokens": 21}'
        ELSE '{"latency_ms": 1840, "model": "spec-agent-large-2026-05", "tokens": 412}'
    END::jsonb,
    now());
-- sqlite:
INSERT INTO tech_conversations (id, session_id, role, content, metadata, created_at)
VALUES (
    :id, :session_id, :role,
    CASE :role
        WHEN 'user' THEN 'Can we keep the public API stable while the storage layer moves to PostgreSQL?'
        ELSE 'Yes: keep the repository interface, dual-write during the migration window, then switch reads.'
    END,
    CASE :role
        WHEN 'user' THEN '{"source":"web","tokens":21}'
        ELSE '{"latency_ms":1840,"model":"spec-agent-large-2026-05","tokens":412}'
    END,
    strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z');

-- name: update_session_progress
-- write
-- expect: index tech_spec_sessions_pkey
-- max_ms: 20
-- weight: 1
-- param id: sample tech_spec_sessions.id
-- param stage: one of research, architecture, api_design, data_model, security_review, trd_generation
UPDATE tech_spec_sessions
SET current_stage = :stage,
    progress_percentage = CASE :stage
        WHEN 'research' THEN 15 WHEN 'architecture' THEN 30 WHEN 'api_design' THEN 45
        WHEN 'data_model' THEN 55 WHEN 'security_review' THEN 70 ELSE 85
    END,
    updated_at = greatest(updated_at, now())
WHERE id = :id;
-- sqlite:
UPDATE tech_spec_sessions
SET current_stage = :stage,
    progress_percentage = CASE :stage
        WHEN 'research' THEN 15 WHEN 'architecture' THEN 30 WHEN 'api_design' THEN 45
        WHEN 'data_model' THEN 55 WHEN 'security_review' THEN 70 ELSE 85
    END,
    updated_at = max(updated_at, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z')
WHERE id = :id;

-- name: record_error
-- write
-- expect: no table read
-- max_ms: 20
-- weight: 0.5
-- param id: new uuid
-- param session_id: sample tech_spec_sessions.id
-- param error_type: one of LLMRateLimitError, LLMTimeoutError, ContextLengthExceededError
INSERT INTO tech_error_logs (id, session_id, error_type, message, recovery_strategy, recovered, retry_count, created_at)
VALUES (
    :id, :session_id, :error_type,
    CASE :error_type
        WHEN 'LLMRateLimitError' THEN 'Provider returned 429 after 48000 tokens in the current window.'
        WHEN 'LLMTimeoutError' THEN 'Model did not respond within 60 seconds during architecture.'
        ELSE 'Prompt of 131072 tokens exceeds the model context window.'
    END,
    'retry_with_backoff', false, 1, now());
-- sqlite:
INSERT INTO tech_error_logs (id, session_id, error_type, message, recovery_strategy, recovered, retry_count, created_at)
VALUES (
    :id, :session_id, :error_type,
    CASE :error_type
        WHEN 'LLMRateLimitError' THEN 'Provider returned 429 after 48000 tokens in the current window.'
        WHEN 'LLMTimeoutError' THEN 'Model did not respond within 60 seconds during architecture.'
        ELSE 'Prompt of 131072 tokens exceeds the model context window.'
    END,
    'retry_with_backoff', 0, 1, strftime('%Y-%m-%dT%H:%M:%f', 'now') || '000Z');

-- name: delete_error_log
-- write
-- expect: index tech_error_logs_pkey
-- max_ms: 20
-- weight: 0.2
-- param id: sample tech_error_logs.id
DELETE FROM tech_error_logs
WHERE id = :id;

-- name: bulk_insert_error_logs
-- write
-- expect: no table read
-- max_ms: 300
-- weight: 0.1
-- param session_id: sample tech_spec_sessions.id
INSERT INTO tech_error_logs (id, session_id, error_type, message, recovery_strategy, recovered, retry_count, created_at)
SELECT gen_random_uuid(), CAST(:session_id AS uuid), 'ToolCallError',
       'Tool call ' || g || ' of the batch import returned an invalid payload.',
       'retry_with_backoff', g % 5 <> 0, 1 + g % 3,
       now() - (1000 - g) * interval '1 second'
FROM generate_series(1, 1000) AS g;
-- sqlite:
WITH RECURSIVE g(n, h) AS (
    SELECT 1, lower(hex(randomblob(16)))
    UNION ALL
    SELECT n + 1, lower(hex(randomblob(16))) FROM g WHERE n < 1000)
INSERT INTO tech_error_logs (id, session_id, error_type, message, recovery_strategy, recovered, retry_count, created_at)
SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-'
           || substr('89ab', 1 + unicode(substr(h, 17, 1)) % 4, 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12),
       :session_id, 'ToolCallError',
       'Tool call ' || n || ' of the batch import returned an invalid payload.',
       'retry_with_backoff', n % 5 <> 0, 1 + n % 3,
       strftime('%Y-%m-%dT%H:%M:%f', 'now', (n - 1000) || ' seconds') || '000Z'
FROM g;

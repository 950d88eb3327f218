-- Objects the expert catalog (expert.sql) needs beyond the migrations, created on a database
-- seeded with the default profile: a text_pattern_ops index for prefix LIKE, and a copy of the
-- conversations in a table partitioned by quarter, with an index on the parent (each partition
-- gets its own, named <partition>_session_id_created_at_idx).
CREATE INDEX idx_patterns_title_pattern ON patterns (title text_pattern_ops);

CREATE TABLE conversation_archive (
    id         uuid        NOT NULL,
    session_id uuid        NOT NULL,
    role       text        NOT NULL,
    content    text        NOT NULL,
    created_at timestamptz NOT NULL
) PARTITION BY RANGE (created_at);
CREATE TABLE conversation_archive_2025q1 PARTITION OF conversation_archive
    FOR VALUES FROM ('2025-01-01') TO ('2025-04-01');
CREATE TABLE conversation_archive_2025q2 PARTITION OF conversation_archive
    FOR VALUES FROM ('2025-04-01') TO ('2025-07-01');
CREATE TABLE conversation_archive_2025q3 PARTITION OF conversation_archive
    FOR VALUES FROM ('2025-07-01') TO ('2025-10-01');
CREATE TABLE conversation_archive_2025q4 PARTITION OF conversation_archive
    FOR VALUES FROM ('2025-10-01') TO ('2026-01-01');
CREATE INDEX idx_conversation_archive_session ON conversation_archive (session_id, created_at);
INSERT INTO conversation_archive (id, session_id, role, content, created_at)
SELECT id, session_id, role, content, created_at FROM tech_conversations;
ANALYZE conversation_archive, patterns;

-- The SQLite twin of setup.postgres.sql: SQLite has no text_pattern_ops (its LIKE is
-- case-insensitive, so a prefix LIKE needs a NOCASE index) and no partitions (the archive is
-- one table with the index of the same name).
CREATE INDEX idx_patterns_title_pattern ON patterns (title COLLATE NOCASE);

CREATE TABLE conversation_archive (
    id         TEXT NOT NULL,
    session_id TEXT NOT NULL,
    role       TEXT NOT NULL,
    content    TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX idx_conversation_archive_session ON conversation_archive (session_id, created_at);
INSERT INTO conversation_archive (id, session_id, role, content, created_at)
SELECT id, session_id, role, content, created_at FROM tech_conversations;
ANALYZE;

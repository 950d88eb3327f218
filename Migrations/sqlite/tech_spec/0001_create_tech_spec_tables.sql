-- tech_spec 0001 (SQLite): creates the tech-spec session tables: sessions (each belongs to a
-- shared_design_jobs row), research, conversations, TRD documents, error logs.
-- Type conventions (uuid/timestamp/json/boolean as TEXT/INTEGER) are in design/0001_create_shared_schema.sql:
-- timestamps are TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC, 6 fractional digits), uuids lowercase 36-char TEXT.
-- Children reference their parent with ON DELETE CASCADE, every foreign key column is indexed.

CREATE TABLE tech_spec_sessions (
    id                  TEXT    NOT NULL,
    design_job_id       TEXT    NOT NULL,
    project_id          TEXT    NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'pending',
    current_stage       TEXT    NOT NULL,
    progress_percentage INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    completed_at        TEXT,
    CONSTRAINT tech_spec_sessions_design_job_id_fkey FOREIGN KEY (design_job_id)
        REFERENCES shared_design_jobs (id) ON DELETE CASCADE,
    CONSTRAINT tech_spec_sessions_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT tech_spec_sessions_project_id_check CHECK (length(project_id) = 36
        AND project_id GLOB '????????-????-????-????-????????????' AND project_id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT tech_spec_sessions_status_check
        CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'paused')),
    CONSTRAINT tech_spec_sessions_progress_percentage_check
        CHECK (progress_percentage BETWEEN 0 AND 100),
    CONSTRAINT tech_spec_sessions_timestamp_format_check CHECK (
        created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
        AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
        AND (completed_at IS NULL OR completed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')),
    CONSTRAINT tech_spec_sessions_updated_at_check CHECK (updated_at >= created_at),
    CONSTRAINT tech_spec_sessions_completed_at_check CHECK (completed_at IS NULL OR completed_at >= created_at)
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL tech_spec_sessions_pkey).
CREATE UNIQUE INDEX tech_spec_sessions_pkey
    ON tech_spec_sessions (id);

-- Sessions by status, most recent first (catalog: sessions_by_status, also status counts).
CREATE INDEX idx_session_status_created
    ON tech_spec_sessions (status, created_at DESC);
-- Foreign key, session ⋈ design job (one and batch), and per-job counts by status (covering).
CREATE INDEX idx_tech_spec_sessions_design_job_id_status
    ON tech_spec_sessions (design_job_id, status);

CREATE TABLE tech_research (
    id                  TEXT NOT NULL,
    session_id          TEXT NOT NULL,
    technology_category TEXT NOT NULL,
    options             TEXT NOT NULL DEFAULT '[]',
    selected_technology TEXT,
    decision_reason     TEXT,
    created_at          TEXT NOT NULL,
    CONSTRAINT tech_research_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_research_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT tech_research_options_check
        CHECK (CASE WHEN json_valid(options) THEN json_type(options) = 'array' ELSE 0 END),
    CONSTRAINT tech_research_timestamp_format_check CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL tech_research_pkey).
CREATE UNIQUE INDEX tech_research_pkey
    ON tech_research (id);

-- Research of a session, in creation order (also serves the foreign key).
CREATE INDEX ix_tech_research_session_id
    ON tech_research (session_id, created_at);

CREATE TABLE tech_conversations (
    id         TEXT NOT NULL,
    session_id TEXT NOT NULL,
    role       TEXT NOT NULL,
    content    TEXT NOT NULL,
    metadata   TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    CONSTRAINT tech_conversations_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_conversations_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT tech_conversations_role_check CHECK (role IN ('user', 'agent', 'system')),
    CONSTRAINT tech_conversations_metadata_check
        CHECK (CASE WHEN json_valid(metadata) THEN json_type(metadata) = 'object' ELSE 0 END),
    CONSTRAINT tech_conversations_timestamp_format_check CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL tech_conversations_pkey).
CREATE UNIQUE INDEX tech_conversations_pkey
    ON tech_conversations (id);

-- Conversation history page of a session, by time (either direction, also serves the foreign key).
CREATE INDEX idx_conversation_session_timestamp
    ON tech_conversations (session_id, created_at);

CREATE TABLE tech_trd_documents (
    id                TEXT    NOT NULL,
    session_id        TEXT    NOT NULL,
    version           INTEGER NOT NULL,
    content           TEXT    NOT NULL,
    quality_score     REAL    NOT NULL,
    validation_report TEXT    NOT NULL DEFAULT '{}',
    created_at        TEXT    NOT NULL,
    CONSTRAINT tech_trd_documents_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_trd_documents_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT tech_trd_documents_version_check CHECK (version >= 1),
    CONSTRAINT tech_trd_documents_quality_score_check CHECK (quality_score >= 0 AND quality_score <= 1),
    CONSTRAINT tech_trd_documents_validation_report_check
        CHECK (CASE WHEN json_valid(validation_report) THEN json_type(validation_report) = 'object' ELSE 0 END),
    CONSTRAINT tech_trd_documents_timestamp_format_check CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL tech_trd_documents_pkey).
CREATE UNIQUE INDEX tech_trd_documents_pkey
    ON tech_trd_documents (id);

-- One row per (session, version): the unique index plays the PostgreSQL constraint idx_trd_session_version
-- (a table-level UNIQUE could not be named here). Also serves the foreign key and "latest TRD of a session".
CREATE UNIQUE INDEX idx_trd_session_version
    ON tech_trd_documents (session_id, version);

CREATE TABLE tech_error_logs (
    id                TEXT    NOT NULL,
    session_id        TEXT    NOT NULL,
    error_type        TEXT    NOT NULL,
    message           TEXT    NOT NULL,
    recovery_strategy TEXT,
    recovered         INTEGER NOT NULL DEFAULT 0,
    retry_count       INTEGER NOT NULL DEFAULT 0,
    created_at        TEXT    NOT NULL,
    CONSTRAINT tech_error_logs_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_error_logs_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT tech_error_logs_recovered_check CHECK (recovered IN (0, 1)),
    CONSTRAINT tech_error_logs_retry_count_check CHECK (retry_count >= 0),
    CONSTRAINT tech_error_logs_timestamp_format_check CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL tech_error_logs_pkey).
CREATE UNIQUE INDEX tech_error_logs_pkey
    ON tech_error_logs (id);

-- Errors of a session, by time (also serves the foreign key).
CREATE INDEX idx_tech_error_logs_session_id_created_at
    ON tech_error_logs (session_id, created_at);
-- Unrecovered errors, most recent first. SQLite uses a partial index only when the query repeats the
-- index WHERE term as written: the query must say  WHERE NOT recovered ... ORDER BY created_at DESC
-- (recovered = 0 / = false / = ? do not use it). the PostgreSQL index has the same predicate.
CREATE INDEX idx_tech_error_logs_created_at_unrecovered
    ON tech_error_logs (created_at DESC) WHERE NOT recovered;

-- seedctl:down
-- Reverts this migration (seedctl migrate down): children before parents; indexes go with their tables.
DROP TABLE tech_error_logs;
DROP TABLE tech_trd_documents;
DROP TABLE tech_conversations;
DROP TABLE tech_research;
DROP TABLE tech_spec_sessions;

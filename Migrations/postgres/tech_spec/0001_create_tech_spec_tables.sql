-- tech_spec 0001 (PostgreSQL): creates the tech-spec session tables in the default schema (public):
-- sessions (each belongs to a shared.design_jobs row), research, conversations, TRD documents, error logs.
-- Children reference their parent with ON DELETE CASCADE, every foreign key column is indexed.

CREATE TABLE tech_spec_sessions (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    design_job_id       uuid        NOT NULL,
    project_id          uuid        NOT NULL,
    status              text        NOT NULL DEFAULT 'pending',
    current_stage       text        NOT NULL,
    progress_percentage integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    completed_at        timestamptz,
    CONSTRAINT tech_spec_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT tech_spec_sessions_design_job_id_fkey FOREIGN KEY (design_job_id)
        REFERENCES shared.design_jobs (id) ON DELETE CASCADE,
    CONSTRAINT tech_spec_sessions_status_check
        CHECK (status IN ('pending', 'in_progress', 'completed', 'failed', 'paused')),
    CONSTRAINT tech_spec_sessions_progress_percentage_check
        CHECK (progress_percentage BETWEEN 0 AND 100),
    CONSTRAINT tech_spec_sessions_updated_at_check CHECK (updated_at >= created_at),
    CONSTRAINT tech_spec_sessions_completed_at_check CHECK (completed_at IS NULL OR completed_at >= created_at)
);

-- Sessions by status, most recent first (catalog: sessions_by_status, also status counts).
CREATE INDEX idx_session_status_created
    ON tech_spec_sessions (status, created_at DESC);
-- Foreign key, session ⋈ design job (one and batch), and per-job counts by status (index-only).
CREATE INDEX idx_tech_spec_sessions_design_job_id_status
    ON tech_spec_sessions (design_job_id, status);

CREATE TABLE tech_research (
    id                  uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id          uuid        NOT NULL,
    technology_category text        NOT NULL,
    options             jsonb       NOT NULL DEFAULT '[]',
    selected_technology text,
    decision_reason     text,
    created_at          timestamptz NOT NULL,
    CONSTRAINT tech_research_pkey PRIMARY KEY (id),
    CONSTRAINT tech_research_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_research_options_check CHECK (jsonb_typeof(options) = 'array')
);

-- Research of a session, in creation order (also serves the foreign key).
CREATE INDEX ix_tech_research_session_id
    ON tech_research (session_id, created_at);

CREATE TABLE tech_conversations (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id uuid        NOT NULL,
    role       text        NOT NULL,
    content    text        NOT NULL,
    metadata   jsonb       NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    CONSTRAINT tech_conversations_pkey PRIMARY KEY (id),
    CONSTRAINT tech_conversations_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_conversations_role_check CHECK (role IN ('user', 'agent', 'system')),
    CONSTRAINT tech_conversations_metadata_check CHECK (jsonb_typeof(metadata) = 'object')
);

-- Conversation history page of a session, by time (either direction, also serves the foreign key).
CREATE INDEX idx_conversation_session_timestamp
    ON tech_conversations (session_id, created_at);

CREATE TABLE tech_trd_documents (
    id                uuid             NOT NULL DEFAULT gen_random_uuid(),
    session_id        uuid             NOT NULL,
    version           integer          NOT NULL,
    content           text             NOT NULL,
    quality_score     double precision NOT NULL,
    validation_report jsonb            NOT NULL DEFAULT '{}',
    created_at        timestamptz      NOT NULL,
    CONSTRAINT tech_trd_documents_pkey PRIMARY KEY (id),
    CONSTRAINT tech_trd_documents_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    -- One row per (session, version). Its index, named like the other catalog indexes, also serves
    -- the foreign key and "latest TRD of a session" (Index Scan Backward ... ORDER BY version DESC LIMIT 1).
    CONSTRAINT idx_trd_session_version UNIQUE (session_id, version),
    CONSTRAINT tech_trd_documents_version_check CHECK (version >= 1),
    CONSTRAINT tech_trd_documents_quality_score_check CHECK (quality_score >= 0 AND quality_score <= 1),
    CONSTRAINT tech_trd_documents_validation_report_check CHECK (jsonb_typeof(validation_report) = 'object')
);

CREATE TABLE tech_error_logs (
    id                uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id        uuid        NOT NULL,
    error_type        text        NOT NULL,
    message           text        NOT NULL,
    recovery_strategy text,
    recovered         boolean     NOT NULL DEFAULT false,
    retry_count       integer     NOT NULL DEFAULT 0,
    created_at        timestamptz NOT NULL,
    CONSTRAINT tech_error_logs_pkey PRIMARY KEY (id),
    CONSTRAINT tech_error_logs_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_error_logs_retry_count_check CHECK (retry_count >= 0)
);

-- Errors of a session, by time (also serves the foreign key).
CREATE INDEX idx_tech_error_logs_session_id_created_at
    ON tech_error_logs (session_id, created_at);
-- Unrecovered errors, most recent first: WHERE NOT recovered ORDER BY created_at DESC (PostgreSQL also
-- matches recovered = false, the SQLite twin index only matches the exact spelling NOT recovered).
CREATE INDEX idx_tech_error_logs_created_at_unrecovered
    ON tech_error_logs (created_at DESC) WHERE NOT recovered;

-- seedctl:down
-- Reverts this migration (seedctl migrate down): children before parents; indexes go with their tables.
DROP TABLE tech_error_logs;
DROP TABLE tech_trd_documents;
DROP TABLE tech_conversations;
DROP TABLE tech_research;
DROP TABLE tech_spec_sessions;

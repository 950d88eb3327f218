-- design 0001 (SQLite): creates the "shared" tables (design jobs, their outputs and their decisions).
-- SQLite has no schemas: the PostgreSQL shared.<table> is named shared_<table> here.
-- Conventions of every SQLite migration (STRICT tables, same constraint and index names as PostgreSQL):
--   uuid        TEXT, canonical lowercase 8-4-4-4-12 (36 chars), e.g. 0f8fad5b-d9cb-469f-a165-70867728950e
--   timestamp   TEXT, ISO-8601 UTC with exactly 6 fractional digits: YYYY-MM-DDTHH:MM:SS.ffffffZ,
--               e.g. 2024-05-01T12:34:56.000123Z, the fixed format makes text order = time order
--   json        TEXT holding valid JSON (json_valid), arrays/objects checked like jsonb_typeof
--   boolean     INTEGER 0 or 1,  double precision  REAL
-- Keys: the id of each table is NOT NULL with a unique index named <table>_pkey, exactly the PostgreSQL primary
-- key index name (a PRIMARY KEY clause would get an unnamed sqlite_autoindex_*), so catalog "expect:"
-- lines are the same on both backends, foreign keys reference these unique ids.
-- Children reference their parent with ON DELETE CASCADE (needs PRAGMA foreign_keys = ON),
-- every foreign key column is indexed.

CREATE TABLE shared_design_jobs (
    id           TEXT NOT NULL,
    project_id   TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'pending',
    title        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    completed_at TEXT,
    CONSTRAINT design_jobs_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT design_jobs_project_id_check CHECK (length(project_id) = 36
        AND project_id GLOB '????????-????-????-????-????????????' AND project_id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT design_jobs_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    CONSTRAINT design_jobs_timestamp_format_check CHECK (
        created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
        AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
        AND (completed_at IS NULL OR completed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')),
    CONSTRAINT design_jobs_updated_at_check CHECK (updated_at >= created_at),
    CONSTRAINT design_jobs_completed_at_check CHECK (completed_at IS NULL OR completed_at >= created_at)
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL design_jobs_pkey).
CREATE UNIQUE INDEX design_jobs_pkey
    ON shared_design_jobs (id);

-- Jobs by status, most recent first: scopes the cross-schema aggregate (recent jobs ⋈ their session counts).
CREATE INDEX idx_design_jobs_status_created_at
    ON shared_design_jobs (status, created_at DESC);

CREATE TABLE shared_design_outputs (
    id            TEXT NOT NULL,
    design_job_id TEXT NOT NULL,
    output_type   TEXT NOT NULL,
    content       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT design_outputs_design_job_id_fkey FOREIGN KEY (design_job_id)
        REFERENCES shared_design_jobs (id) ON DELETE CASCADE,
    CONSTRAINT design_outputs_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT design_outputs_output_type_check
        CHECK (output_type IN ('prd', 'design_doc', 'architecture', 'api_spec', 'ui_mockup')),
    CONSTRAINT design_outputs_timestamp_format_check CHECK (
        created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL design_outputs_pkey).
CREATE UNIQUE INDEX design_outputs_pkey
    ON shared_design_outputs (id);

-- Outputs of a job, in creation order (also serves the foreign key).
CREATE INDEX idx_design_outputs_design_job_id_created_at
    ON shared_design_outputs (design_job_id, created_at);

CREATE TABLE shared_design_decisions (
    id            TEXT NOT NULL,
    design_job_id TEXT NOT NULL,
    question      TEXT NOT NULL,
    decision      TEXT NOT NULL,
    rationale     TEXT,
    decided_at    TEXT NOT NULL,
    CONSTRAINT design_decisions_design_job_id_fkey FOREIGN KEY (design_job_id)
        REFERENCES shared_design_jobs (id) ON DELETE CASCADE,
    CONSTRAINT design_decisions_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT design_decisions_timestamp_format_check CHECK (
        decided_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL design_decisions_pkey).
CREATE UNIQUE INDEX design_decisions_pkey
    ON shared_design_decisions (id);

-- Decisions of a job, in decision order (also serves the foreign key).
CREATE INDEX idx_design_decisions_design_job_id_decided_at
    ON shared_design_decisions (design_job_id, decided_at);

-- seedctl:down
-- Reverts this migration (seedctl migrate down): children before parents; indexes go with their tables.
DROP TABLE shared_design_decisions;
DROP TABLE shared_design_outputs;
DROP TABLE shared_design_jobs;

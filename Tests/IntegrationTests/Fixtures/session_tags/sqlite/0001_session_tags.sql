-- session_tags 0001 (SQLite): columns added to tech_spec_sessions and a child table.
-- SQLite cannot add a NOT NULL column without a DEFAULT, so the table is rebuilt (foreign keys
-- are off while a migration runs; children keep referencing the name tech_spec_sessions).
CREATE TABLE tech_spec_sessions_new (
    id                  TEXT    NOT NULL,
    design_job_id       TEXT    NOT NULL,
    project_id          TEXT    NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'pending',
    current_stage       TEXT    NOT NULL,
    progress_percentage INTEGER NOT NULL DEFAULT 0,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    completed_at        TEXT,
    reviewer_note       TEXT,
    priority            INTEGER NOT NULL DEFAULT 3,
    owner_team          TEXT    NOT NULL,
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
INSERT INTO tech_spec_sessions_new
    SELECT id, design_job_id, project_id, status, current_stage, progress_percentage, created_at,
           updated_at, completed_at, NULL, 3, 'unassigned'
    FROM tech_spec_sessions;
DROP TABLE tech_spec_sessions;
ALTER TABLE tech_spec_sessions_new RENAME TO tech_spec_sessions;
CREATE UNIQUE INDEX tech_spec_sessions_pkey ON tech_spec_sessions (id);
CREATE INDEX idx_session_status_created ON tech_spec_sessions (status, created_at DESC);
CREATE INDEX idx_tech_spec_sessions_design_job_id_status ON tech_spec_sessions (design_job_id, status);

CREATE TABLE tech_session_tags (
    id          TEXT    NOT NULL,
    session_id  TEXT    NOT NULL,
    tag         TEXT    NOT NULL,
    weight      INTEGER,
    created_at  TEXT    NOT NULL,
    CONSTRAINT tech_session_tags_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_session_tags_id_check CHECK (length(id) = 36
        AND id GLOB '????????-????-????-????-????????????' AND id NOT GLOB '*[^0-9a-f-]*'),
    CONSTRAINT tech_session_tags_tag_check
        CHECK (tag IN ('api', 'database', 'frontend', 'infra', 'security', 'docs')),
    CONSTRAINT tech_session_tags_weight_check CHECK (weight BETWEEN 1 AND 5),
    CONSTRAINT tech_session_tags_created_at_check CHECK (
        created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z')
) STRICT;
CREATE UNIQUE INDEX tech_session_tags_pkey ON tech_session_tags (id);
CREATE UNIQUE INDEX tech_session_tags_session_id_tag_key ON tech_session_tags (session_id, tag);

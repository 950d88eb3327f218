-- design 0001 (PostgreSQL): creates schema "shared" with design jobs, their outputs and their decisions.
-- Ids are uuids supplied by the seeder (gen_random_uuid() is only a convenience default).
-- Children reference their job with ON DELETE CASCADE, every foreign key column is indexed.

CREATE SCHEMA shared;

CREATE TABLE shared.design_jobs (
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    project_id   uuid        NOT NULL,
    status       text        NOT NULL DEFAULT 'pending',
    title        text        NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    completed_at timestamptz,
    CONSTRAINT design_jobs_pkey PRIMARY KEY (id),
    CONSTRAINT design_jobs_status_check
        CHECK (status IN ('pending', 'running', 'completed', 'failed')),
    CONSTRAINT design_jobs_updated_at_check CHECK (updated_at >= created_at),
    CONSTRAINT design_jobs_completed_at_check CHECK (completed_at IS NULL OR completed_at >= created_at)
);

-- Jobs by status, most recent first: scopes the cross-schema aggregate (recent jobs ⋈ their session counts).
CREATE INDEX idx_design_jobs_status_created_at
    ON shared.design_jobs (status, created_at DESC);

CREATE TABLE shared.design_outputs (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    design_job_id uuid        NOT NULL,
    output_type   text        NOT NULL,
    content       text        NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT design_outputs_pkey PRIMARY KEY (id),
    CONSTRAINT design_outputs_design_job_id_fkey FOREIGN KEY (design_job_id)
        REFERENCES shared.design_jobs (id) ON DELETE CASCADE,
    CONSTRAINT design_outputs_output_type_check
        CHECK (output_type IN ('prd', 'design_doc', 'architecture', 'api_spec', 'ui_mockup'))
);

-- Outputs of a job, in creation order (also serves the foreign key).
CREATE INDEX idx_design_outputs_design_job_id_created_at
    ON shared.design_outputs (design_job_id, created_at);

CREATE TABLE shared.design_decisions (
    id            uuid        NOT NULL DEFAULT gen_random_uuid(),
    design_job_id uuid        NOT NULL,
    question      text        NOT NULL,
    decision      text        NOT NULL,
    rationale     text,
    decided_at    timestamptz NOT NULL,
    CONSTRAINT design_decisions_pkey PRIMARY KEY (id),
    CONSTRAINT design_decisions_design_job_id_fkey FOREIGN KEY (design_job_id)
        REFERENCES shared.design_jobs (id) ON DELETE CASCADE
);

-- Decisions of a job, in decision order (also serves the foreign key).
CREATE INDEX idx_design_decisions_design_job_id_decided_at
    ON shared.design_decisions (design_job_id, decided_at);

-- seedctl:down
-- Reverts this migration (seedctl migrate down): children before parents; indexes go with their tables.
DROP TABLE shared.design_decisions;
DROP TABLE shared.design_outputs;
DROP TABLE shared.design_jobs;
DROP SCHEMA shared;

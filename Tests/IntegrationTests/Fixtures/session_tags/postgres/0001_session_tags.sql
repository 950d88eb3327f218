-- session_tags 0001 (PostgreSQL): columns added to tech_spec_sessions and a child table.
ALTER TABLE tech_spec_sessions ADD COLUMN reviewer_note text;
ALTER TABLE tech_spec_sessions ADD COLUMN priority integer NOT NULL DEFAULT 3;
ALTER TABLE tech_spec_sessions ADD COLUMN owner_team text NOT NULL;

CREATE TABLE tech_session_tags (
    id          uuid        NOT NULL DEFAULT gen_random_uuid(),
    session_id  uuid        NOT NULL,
    tag         text        NOT NULL,
    weight      integer,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tech_session_tags_pkey PRIMARY KEY (id),
    CONSTRAINT tech_session_tags_session_id_fkey FOREIGN KEY (session_id)
        REFERENCES tech_spec_sessions (id) ON DELETE CASCADE,
    CONSTRAINT tech_session_tags_session_id_tag_key UNIQUE (session_id, tag),
    CONSTRAINT tech_session_tags_tag_check
        CHECK (tag IN ('api', 'database', 'frontend', 'infra', 'security', 'docs')),
    CONSTRAINT tech_session_tags_weight_check CHECK (weight BETWEEN 1 AND 5)
);

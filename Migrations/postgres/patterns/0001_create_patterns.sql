-- patterns 0001 (PostgreSQL): creates the pattern library with a stored Wilson score and its indexes.
-- wilson_score = lower bound of the 95% Wilson score interval (z = 1.96, z² = 3.8416) of
-- success_count / usage_count, and 0 when usage_count = 0 (or success_count = 0):
--   n = usage_count, p = success_count / n (double precision)
--   (p + z²/(2n) - z*sqrt(p(1-p)/n + z²/(4n²))) / (1 + z²/n)

CREATE TABLE patterns (
    id              text        NOT NULL,
    category        text        NOT NULL,
    title           text        NOT NULL,
    usage_count     integer     NOT NULL DEFAULT 0,
    success_count   integer     NOT NULL DEFAULT 0,
    key_insight     text        NOT NULL,
    when_to_use     text        NOT NULL,
    common_pitfalls jsonb       NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    -- Literals are numeric and resolve to double precision next to the float8 casts of the counts.
    -- The guard gives 0 when usage_count = 0, and exactly 0 when success_count = 0 (the true lower bound,
    -- the formula would leave +-1e-17 rounding noise). For counts outside 0 <= success_count <= usage_count
    -- it only keeps sqrt() from failing before the CHECKs below reject the row with their own names.
    wilson_score    double precision GENERATED ALWAYS AS (
        CASE WHEN usage_count <= 0 OR success_count <= 0 OR success_count > usage_count THEN 0.0::float8
        ELSE (  success_count::float8 / usage_count::float8
              + 3.8416 / (2.0 * usage_count::float8)
              - 1.96 * sqrt(  (success_count::float8 / usage_count::float8)
                            * (1.0 - success_count::float8 / usage_count::float8)
                            / usage_count::float8
                            + 3.8416 / (4.0 * usage_count::float8 * usage_count::float8)))
           / (1.0 + 3.8416 / usage_count::float8)
        END
    ) STORED,
    CONSTRAINT patterns_pkey PRIMARY KEY (id),
    CONSTRAINT patterns_id_format_check CHECK (id ~ '^PAT:[A-Z_]+:[A-Z0-9_]+_[0-9]+$'),
    CONSTRAINT patterns_usage_count_check CHECK (usage_count >= 0),
    CONSTRAINT patterns_success_count_check CHECK (success_count >= 0 AND success_count <= usage_count),
    CONSTRAINT patterns_common_pitfalls_check CHECK (jsonb_typeof(common_pitfalls) = 'array'),
    CONSTRAINT patterns_updated_at_check CHECK (updated_at >= created_at)
);

-- Top patterns overall: ORDER BY wilson_score DESC LIMIT n.
CREATE INDEX idx_patterns_wilson
    ON patterns (wilson_score DESC);
-- Best patterns in a category: WHERE category = $1 ORDER BY wilson_score DESC LIMIT n.
CREATE INDEX idx_patterns_category_wilson
    ON patterns (category, wilson_score DESC);

-- seedctl:down
-- Reverts this migration (seedctl migrate down): children before parents; indexes go with their tables.
DROP TABLE patterns;

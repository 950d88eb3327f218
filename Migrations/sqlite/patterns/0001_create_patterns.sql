-- patterns 0001 (SQLite): creates the pattern library with a stored Wilson score and its indexes.
-- Timestamps are TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC, 6 fractional digits), common_pitfalls is a JSON array.
-- wilson_score = lower bound of the 95% Wilson score interval (z = 1.96, z² = 3.8416) of
-- success_count / usage_count, and 0 when usage_count = 0 (or success_count = 0):
--   n = usage_count, p = success_count / n (real division: 1.0 * success_count / usage_count)
--   (p + z²/(2n) - z*sqrt(p(1-p)/n + z²/(4n²))) / (1 + z²/n)
-- Same expression, operation order and guard as the PostgreSQL migration (same doubles on both).

CREATE TABLE patterns (
    id              TEXT    NOT NULL,
    category        TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    usage_count     INTEGER NOT NULL DEFAULT 0,
    success_count   INTEGER NOT NULL DEFAULT 0,
    key_insight     TEXT    NOT NULL,
    when_to_use     TEXT    NOT NULL,
    common_pitfalls TEXT    NOT NULL DEFAULT '[]',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    -- The guard gives 0 when usage_count = 0, and exactly 0 when success_count = 0 (the true lower bound,
    -- the formula would leave +-1e-17 rounding noise). For counts outside 0 <= success_count <= usage_count
    -- it only keeps sqrt() from returning NULL before the CHECKs below reject the row.
    wilson_score    REAL GENERATED ALWAYS AS (
        CASE WHEN usage_count <= 0 OR success_count <= 0 OR success_count > usage_count THEN 0.0
        ELSE (  1.0 * success_count / usage_count
              + 3.8416 / (2.0 * usage_count)
              - 1.96 * sqrt(  (1.0 * success_count / usage_count)
                            * (1.0 - 1.0 * success_count / usage_count)
                            / usage_count
                            + 3.8416 / (4.0 * usage_count * usage_count)))
           / (1.0 + 3.8416 / usage_count)
        END
    ) STORED,
    -- Same shape as the PostgreSQL  id ~ '^PAT:[A-Z_]+:[A-Z0-9_]+_[0-9]+$'  (no built-in regexp in SQLite):
    -- PAT: + CATEGORY of [A-Z_] + colon + NAME of [A-Z0-9_] ending in an underscore + digits (one char at least before it).
    CONSTRAINT patterns_id_format_check CHECK (
        id GLOB 'PAT:?*:?*'
        AND substr(id, 5, instr(substr(id, 5), ':') - 1) NOT GLOB '*[^A-Z_]*'
        AND substr(id, 5 + instr(substr(id, 5), ':')) NOT GLOB '*[^A-Z0-9_]*'
        AND rtrim(substr(id, 5 + instr(substr(id, 5), ':')), '0123456789') GLOB '?*_'
        AND length(rtrim(substr(id, 5 + instr(substr(id, 5), ':')), '0123456789'))
            < length(substr(id, 5 + instr(substr(id, 5), ':')))),
    CONSTRAINT patterns_usage_count_check CHECK (usage_count >= 0),
    CONSTRAINT patterns_success_count_check CHECK (success_count >= 0 AND success_count <= usage_count),
    CONSTRAINT patterns_common_pitfalls_check
        CHECK (CASE WHEN json_valid(common_pitfalls) THEN json_type(common_pitfalls) = 'array' ELSE 0 END),
    CONSTRAINT patterns_timestamp_format_check CHECK (
        created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'
        AND updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'),
    CONSTRAINT patterns_updated_at_check CHECK (updated_at >= created_at)
) STRICT;
-- Primary key as a named unique index (same name as the PostgreSQL patterns_pkey).
CREATE UNIQUE INDEX patterns_pkey
    ON patterns (id);

-- Top patterns overall: ORDER BY wilson_score DESC LIMIT n.
CREATE INDEX idx_patterns_wilson
    ON patterns (wilson_score DESC);
-- Best patterns in a category: WHERE category = ? ORDER BY wilson_score DESC LIMIT n.
CREATE INDEX idx_patterns_category_wilson
    ON patterns (category, wilson_score DESC);

-- seedctl:down
-- Reverts this migration (seedctl migrate down): children before parents; indexes go with their tables.
DROP TABLE patterns;

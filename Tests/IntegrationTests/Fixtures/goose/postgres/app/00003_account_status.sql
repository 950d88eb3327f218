-- +goose Up
-- +goose StatementBegin
DO $$
BEGIN
    CREATE TYPE account_status AS ENUM ('active', 'closed');
EXCEPTION WHEN duplicate_object THEN NULL;
END
$$;
-- +goose StatementEnd
ALTER TABLE accounts ADD COLUMN status account_status NOT NULL DEFAULT 'active';

-- +goose Down
ALTER TABLE accounts DROP COLUMN status;
DROP TYPE account_status;

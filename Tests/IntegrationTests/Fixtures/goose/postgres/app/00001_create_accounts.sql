-- +goose Up
CREATE TABLE accounts (
    id serial PRIMARY KEY,
    email text NOT NULL,
    updated_at timestamptz
);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION accounts_touch() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_touch();

INSERT INTO accounts (email) VALUES ('one@example.com'), ('two@example.com');

-- +goose Down
DROP TRIGGER accounts_touch ON accounts;
DROP FUNCTION accounts_touch();
DROP TABLE accounts;

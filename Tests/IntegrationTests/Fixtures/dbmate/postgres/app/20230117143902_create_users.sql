-- migrate:up
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT '2023-01-17 14:39:02+00'
);
INSERT INTO users (email) VALUES ('ada@example.com'), ('grace@example.com');

-- migrate:down
DROP TABLE users;

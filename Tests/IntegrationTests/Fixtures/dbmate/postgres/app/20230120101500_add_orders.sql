-- migrate:up
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  note text NOT NULL DEFAULT 'it''s; fine'
);

CREATE FUNCTION order_count(p_user bigint) RETURNS bigint
LANGUAGE sql STABLE
AS $$
  SELECT count(*) FROM orders WHERE user_id = p_user; -- a semicolon inside the body
$$;

INSERT INTO orders (user_id) SELECT id FROM users;

-- migrate:down
DROP FUNCTION order_count(bigint);
DROP TABLE orders;

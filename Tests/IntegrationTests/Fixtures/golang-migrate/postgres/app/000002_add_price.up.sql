BEGIN;
ALTER TABLE items ADD COLUMN price numeric(10, 2) NOT NULL DEFAULT 0;
UPDATE items SET price = 1.25 WHERE name = 'bolt';
COMMIT;

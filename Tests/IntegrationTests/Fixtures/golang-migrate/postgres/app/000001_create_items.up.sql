CREATE TABLE IF NOT EXISTS items (
    id serial PRIMARY KEY,
    name varchar(100) NOT NULL
);
INSERT INTO items (name) VALUES ('bolt'), ('nut');

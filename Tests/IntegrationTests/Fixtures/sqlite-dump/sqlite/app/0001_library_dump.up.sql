PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE authors (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
INSERT INTO authors VALUES(1,'Le Guin');
INSERT INTO authors VALUES(2,'O''Brien; Flann');
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id) ON DELETE CASCADE, title TEXT NOT NULL, "year;published" INTEGER);
INSERT INTO books VALUES(1,1,'The Dispossessed',1974);
INSERT INTO books VALUES(2,2,'The Third Policeman; a novel',1967);
CREATE TABLE [audit log] (book_id INTEGER, at TEXT);
INSERT INTO "audit log" VALUES(1,'2024-01-01');
INSERT INTO "audit log" VALUES(2,'2024-01-01');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('authors',2);
CREATE INDEX books_author ON books (author_id);
CREATE TRIGGER books_audit AFTER INSERT ON books BEGIN
  INSERT INTO [audit log] VALUES (new.id, '2024-01-01');
END;
CREATE VIEW long_titles AS SELECT title FROM books WHERE length(title) > 10;
COMMIT;

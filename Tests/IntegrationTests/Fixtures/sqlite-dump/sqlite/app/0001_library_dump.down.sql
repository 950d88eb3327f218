DROP VIEW long_titles;
DROP TRIGGER books_audit;
DROP TABLE [audit log];
DROP TABLE books;
DROP TABLE authors;
DELETE FROM sqlite_sequence;

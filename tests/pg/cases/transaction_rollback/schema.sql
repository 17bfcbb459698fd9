-- Transactions: what happens between BEGIN and ROLLBACK is undone,
-- ROLLBACK TO SAVEPOINT undoes part of a transaction, COMMIT keeps it.
CREATE TABLE kept (id int PRIMARY KEY);

BEGIN;
CREATE TABLE rolled_back (id int);
ALTER TABLE kept ADD COLUMN rolled_back_col int;
CREATE INDEX kept_rb ON kept (rolled_back_col);
ROLLBACK;

BEGIN;
CREATE TABLE committed (id int PRIMARY KEY);
SAVEPOINT s1;
CREATE TABLE undone_by_savepoint (id int);
ALTER TABLE committed ADD COLUMN undone int;
ROLLBACK TO SAVEPOINT s1;
ALTER TABLE committed ADD COLUMN kept_col text;
RELEASE SAVEPOINT s1;
COMMIT;

START TRANSACTION;
CREATE INDEX committed_kept_col ON committed (kept_col);
END;

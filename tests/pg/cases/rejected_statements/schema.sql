-- Statements PostgreSQL rejects as a whole change nothing.
CREATE TABLE a (id int PRIMARY KEY, code text);
CREATE TABLE fk_to_missing (id int, x_id int REFERENCES missing_table);
CREATE TABLE fk_to_non_unique (id int, code text REFERENCES a (code));
CREATE TABLE fk_to_no_pk (id int, a_code text REFERENCES fk_to_missing);
CREATE TABLE dup_column (id int, id int);
CREATE TABLE fk_count (id int, a_id int, b int, FOREIGN KEY (a_id, b) REFERENCES a (id));
CREATE TABLE from_missing AS SELECT * FROM nowhere;
CREATE TABLE ok (id int, a_id int REFERENCES a);
ALTER TABLE ok ADD CONSTRAINT ok_code_fkey FOREIGN KEY (id) REFERENCES nowhere (id);
DROP INDEX a_pkey;
ALTER TABLE a DROP CONSTRAINT a_pkey;
CREATE TABLE dup_constraint (a int, CONSTRAINT c1 CHECK (a > 0), CONSTRAINT c1 CHECK (a < 9));

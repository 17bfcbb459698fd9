-- Generated names: <table>_<cols>_idx / _key / _pkey / _fkey, with a number
-- appended when the name is taken (by any relation in the schema for
-- indexes, by constraints of the table for FK names).
CREATE TABLE t (id int PRIMARY KEY, a int, b int, c int, p int);
CREATE INDEX ON t (a);
CREATE INDEX ON t (a);
CREATE INDEX ON t (a);
CREATE INDEX ON t (a, b);
CREATE INDEX ON t (a) INCLUDE (b);
CREATE INDEX ON t ((a + b));
CREATE INDEX ON t ((a + b));
CREATE INDEX ON t (lower(a::text));
CREATE UNIQUE INDEX ON t (c);
ALTER TABLE t ADD UNIQUE (c);
ALTER TABLE t ADD UNIQUE (c);
ALTER TABLE t ADD UNIQUE (b, c);

-- a table already called like the index that would be generated
CREATE TABLE u_x_idx (z int);
CREATE TABLE u (x int, y int);
CREATE INDEX ON u (x);

-- a table called like the primary key index
CREATE TABLE v_pkey (z int);
CREATE TABLE v (id int PRIMARY KEY);

-- two FKs on the same column, FK name collisions
CREATE TABLE w (id int PRIMARY KEY, p int REFERENCES t, q int);
ALTER TABLE w ADD FOREIGN KEY (p) REFERENCES t;
ALTER TABLE w ADD FOREIGN KEY (q) REFERENCES t (id);
CREATE UNIQUE INDEX ON t (a, b);
ALTER TABLE w ADD FOREIGN KEY (p, q) REFERENCES t (a, b) NOT VALID;
ALTER TABLE w ADD FOREIGN KEY (p, q) REFERENCES t (a, b);

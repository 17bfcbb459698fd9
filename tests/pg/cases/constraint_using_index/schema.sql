-- ADD CONSTRAINT ... USING INDEX: the index is renamed to the constraint
-- name; ADD PRIMARY KEY USING INDEX also makes the columns NOT NULL.
CREATE TABLE t (a int, b int, c int, d int);
CREATE UNIQUE INDEX t_a_tmp ON t (a);
ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_a_tmp;
CREATE UNIQUE INDEX t_bc_tmp ON t (b, c);
ALTER TABLE t ADD CONSTRAINT t_bc_unique UNIQUE USING INDEX t_bc_tmp;
CREATE UNIQUE INDEX t_d_idx ON t (d);
ALTER TABLE t ADD UNIQUE USING INDEX t_d_idx;           -- unnamed: keeps the index name
CREATE TABLE r (id int PRIMARY KEY, t_b int, t_c int,
                FOREIGN KEY (t_b, t_c) REFERENCES t (b, c));

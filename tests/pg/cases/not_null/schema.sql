-- NOT NULL: column constraint, SET/DROP NOT NULL, PRIMARY KEY forces NOT
-- NULL (also when added later), UNIQUE does not; dropping the PK keeps NOT
-- NULL; NULL is just the default.
CREATE TABLE t (
    a int NOT NULL,
    b int NULL,
    c int,
    d int NOT NULL,
    e int,
    f int UNIQUE,
    g int CONSTRAINT g_nn NOT NULL,
    h int
);
ALTER TABLE t ALTER COLUMN c SET NOT NULL;
ALTER TABLE t ALTER COLUMN d DROP NOT NULL;
ALTER TABLE t ADD PRIMARY KEY (e);

CREATE TABLE u (x int PRIMARY KEY, y int, z int NOT NULL);
ALTER TABLE u DROP CONSTRAINT u_pkey;
ALTER TABLE u ALTER z DROP NOT NULL, ALTER y SET NOT NULL;

CREATE TABLE v (p int, q int, PRIMARY KEY (p, q));
ALTER TABLE v ADD COLUMN r int NOT NULL DEFAULT 0;
ALTER TABLE v ADD COLUMN s int DEFAULT 1;

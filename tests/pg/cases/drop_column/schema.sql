-- Drops: DROP COLUMN removes every index that uses the column (key,
-- INCLUDE, expression or predicate) and the FKs on it; later columns keep
-- their order. DROP TABLE ... CASCADE removes FKs pointing at it. DROP INDEX,
-- DROP CONSTRAINT (drops the PK index, NOT NULL stays).
CREATE TABLE accounts (id int PRIMARY KEY, name text);
CREATE TABLE items (
    id int PRIMARY KEY,
    a int,
    b int,
    c text,
    d int,
    account_id int REFERENCES accounts,
    e int
);
CREATE INDEX items_a_idx ON items (a);
CREATE INDEX items_a_b_idx ON items (a, b);
CREATE INDEX items_d_incl_b ON items (d) INCLUDE (b);
CREATE INDEX items_lower_c ON items (lower(c));
CREATE INDEX items_d_where_c ON items (d) WHERE c IS NOT NULL;
CREATE INDEX items_e_idx ON items (e);
CREATE INDEX items_account_idx ON items (account_id);

ALTER TABLE items DROP COLUMN b;
ALTER TABLE items DROP COLUMN c;

CREATE TABLE other (id int PRIMARY KEY, account_id int REFERENCES accounts (id));
DROP TABLE accounts CASCADE;

DROP INDEX items_e_idx;
ALTER TABLE items DROP CONSTRAINT items_pkey;

CREATE TABLE gone (x int);
CREATE INDEX ON gone (x);
DROP TABLE gone;
DROP TABLE IF EXISTS never_existed;

ALTER TABLE items ADD COLUMN f int;
ALTER TABLE items DROP COLUMN IF EXISTS nope;

-- redundant-index: prefix of another btree index with the same opclass,
-- collation, order and predicate; duplicates (later one reported); indexes
-- backing constraints are never reported; unique needs the same unique key.
CREATE TABLE t (
    id int PRIMARY KEY,
    a int, b int, c int, d int,
    s text,
    j jsonb,
    flag bool
);
CREATE INDEX t_a ON t (a);                       -- redundant: prefix of t_a_b
CREATE INDEX t_a_b ON t (a, b);
CREATE INDEX t_a_b_dup ON t (a, b);              -- duplicate of t_a_b (later): reported
CREATE INDEX t_id ON t (id);                     -- redundant: covered by t_pkey
CREATE UNIQUE INDEX t_id_unique ON t (id);       -- unique, same key as t_pkey: reported
CREATE UNIQUE INDEX t_a_unique ON t (a);         -- unique, t_a_b is not unique: kept
CREATE INDEX t_b_desc ON t (b DESC);             -- different order than t_b: kept
CREATE INDEX t_b ON t (b);
CREATE INDEX t_s_pattern ON t (s text_pattern_ops);  -- different opclass: kept
CREATE INDEX t_s ON t (s);
CREATE INDEX t_s_c ON t (s COLLATE "C");         -- different collation: kept
CREATE INDEX t_c_partial ON t (c) WHERE flag;    -- predicate differs from t_c_d, same as t_c_partial2: redundant
CREATE INDEX t_c_d ON t (c, d);
CREATE INDEX t_c_partial2 ON t (c, d) WHERE flag; -- same predicate as t_c_partial
CREATE INDEX t_c_incl ON t (c) INCLUDE (d);      -- include d is in t_c_d: redundant
CREATE INDEX t_d_incl ON t (d) INCLUDE (a);      -- a not in t_d_b: kept
CREATE INDEX t_d_b ON t (d, b);
CREATE INDEX t_lower_s ON t (lower(s));          -- prefix of t_lower_s_a: redundant
CREATE INDEX t_lower_s_a ON t (lower(s), a);
CREATE INDEX t_upper_s ON t (upper(s));          -- different expression: kept
CREATE INDEX t_j_gin ON t USING gin (j);
CREATE INDEX t_j_gin2 ON t USING gin (j);        -- gin duplicate: reported
CREATE INDEX t_a_hash ON t USING hash (a);       -- hash vs btree: kept
CREATE INDEX t_a_hash2 ON t USING hash (a);      -- hash duplicate: reported

CREATE TABLE u (x int, y int, CONSTRAINT u_x_y_key UNIQUE (x, y));
CREATE INDEX u_x ON u (x);                        -- prefix of the unique constraint index: redundant
CREATE UNIQUE INDEX u_x_y_again ON u (x, y);      -- same as constraint index: reported
CREATE UNIQUE INDEX u_x_y_again2 ON u (x, y);     -- reported (covered by both)

-- UNIQUE constraints and which FKs count as covered by an index
-- (fk-without-index): the FK columns must be exactly the first n key columns
-- of a valid, non-partial index, in any order.
CREATE TABLE parent (
    id int PRIMARY KEY,
    a int,
    b int,
    UNIQUE (a, b),
    CONSTRAINT parent_b_a_key UNIQUE (b, a)
);
CREATE TABLE child (
    id int PRIMARY KEY,
    p1 int REFERENCES parent,          -- covered: child_p1_p2_idx starts with p1
    p2 int REFERENCES parent,          -- not covered: p2 is second
    p3 int REFERENCES parent,          -- covered: unique constraint on (p3)
    p4 int REFERENCES parent,          -- not covered: only a partial index
    p5 int REFERENCES parent,          -- not covered: expression index
    p6 int REFERENCES parent,          -- covered: hash index counts
    a int,
    b int,
    c int,
    d int,
    UNIQUE (p3),
    FOREIGN KEY (a, b) REFERENCES parent (a, b),   -- covered by (b, a, c)
    FOREIGN KEY (c, d) REFERENCES parent (a, b),   -- not covered: (c) only
    FOREIGN KEY (b, a) REFERENCES parent (a, b)    -- covered by (b, a, c)
);
CREATE INDEX child_p1_p2_idx ON child (p1, p2);
CREATE INDEX child_p4_partial ON child (p4) WHERE p4 > 0;
CREATE INDEX child_p5_expr ON child ((p5 + 0));
CREATE INDEX child_p6_hash ON child USING hash (p6);
CREATE INDEX child_b_a_c ON child (b, a, c);
CREATE INDEX child_c ON child (c);
CREATE INDEX child_c_include_d ON child (c) INCLUDE (d);

-- FK covered only by the PK of a composite key table
CREATE TABLE link (
    parent_id int REFERENCES parent,
    other_id int REFERENCES parent,
    PRIMARY KEY (parent_id, other_id)
);
-- self-referencing FK, not covered
CREATE TABLE tree (id int PRIMARY KEY, parent_id int REFERENCES tree);

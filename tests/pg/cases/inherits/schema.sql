-- INHERITS: inherited columns come first (parents in order), then the
-- child's own; same-named columns merge; NOT NULL is inherited; indexes and
-- FKs are not; ADD COLUMN on the parent is appended to the children.
CREATE TABLE base (
    id int PRIMARY KEY,
    created timestamptz NOT NULL,
    note text
);
CREATE INDEX ON base (created);
CREATE TABLE audited (
    changed_by text NOT NULL,
    note text
);
CREATE TABLE thing (
    name text NOT NULL,
    id int,
    extra int
) INHERITS (base, audited);
CREATE TABLE simple_child (x int) INHERITS (base);
ALTER TABLE base ADD COLUMN updated timestamptz;
ALTER TABLE base ALTER COLUMN note SET NOT NULL;
CREATE TABLE grandchild () INHERITS (simple_child);
ALTER TABLE simple_child NO INHERIT base;
ALTER TABLE base ADD COLUMN later int;

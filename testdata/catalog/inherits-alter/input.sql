-- ALTER TABLE on an INHERITS parent recurses into its children (and theirs):
-- ADD COLUMN, SET / DROP NOT NULL, ALTER COLUMN TYPE, RENAME COLUMN, DROP COLUMN.
CREATE TABLE parent (id int, label varchar(10), gone int);
CREATE TABLE child (extra int) INHERITS (parent);
CREATE TABLE grandchild () INHERITS (child);
CREATE TABLE own_label (label varchar(10)) INHERITS (parent);
ALTER TABLE parent ADD COLUMN added timestamptz;
ALTER TABLE parent ALTER COLUMN id SET NOT NULL;
ALTER TABLE parent ALTER COLUMN label TYPE text;
ALTER TABLE parent RENAME COLUMN added TO added_at;
ALTER TABLE parent DROP COLUMN gone;
ALTER TABLE child ALTER COLUMN id DROP NOT NULL;

-- CREATE TABLE ... (LIKE ...): columns and NOT NULL always; INCLUDING
-- INDEXES / ALL copies indexes (PK and UNIQUE become constraints again) with
-- names generated for the new table; FKs are never copied.
CREATE TABLE src (
    id bigserial PRIMARY KEY,
    email varchar(200) NOT NULL UNIQUE,
    owner_id int REFERENCES src (id),
    tags text[] DEFAULT '{}',
    body text
);
CREATE INDEX src_lower_email ON src (lower(email));
CREATE INDEX src_body_partial ON src (body) WHERE body IS NOT NULL;
CREATE INDEX ON src (owner_id) INCLUDE (email);

CREATE TABLE copy_all (LIKE src INCLUDING ALL);
CREATE TABLE copy_plain (LIKE src);
CREATE TABLE copy_idx (extra int, LIKE src INCLUDING INDEXES, more text);
CREATE TABLE copy_all_but_idx (LIKE src INCLUDING ALL EXCLUDING INDEXES);
CREATE TABLE copy_defaults (LIKE src INCLUDING DEFAULTS INCLUDING CONSTRAINTS);

-- Index keys whose written collation or operator class is the one PostgreSQL
-- would pick anyway: pg_index records the same indcollation / indclass, so
-- they are the same key (redundant-index), and a "(column COLLATE x)" or
-- "(column)" key is a plain column (fk-without-index).
CREATE TABLE accounts (
    id integer PRIMARY KEY,
    code text COLLATE "C" NOT NULL,
    email varchar(200),
    nick name,
    label character(4),
    tags text[],
    doc jsonb,
    born date
);

CREATE TABLE members (
    account_id integer NOT NULL REFERENCES accounts (id),
    team_id integer NOT NULL,
    handle text
);

-- the column's collation, written three ways
CREATE INDEX accounts_code_plain ON accounts (code);
CREATE INDEX accounts_code_c ON accounts (code COLLATE "C");
CREATE INDEX accounts_code_paren_c ON accounts ((code COLLATE "C"));
CREATE INDEX accounts_code_catalog_c ON accounts (code COLLATE pg_catalog."C");
-- not the column's collation: another key
CREATE INDEX accounts_code_default ON accounts (code COLLATE "default");
CREATE INDEX accounts_code_posix ON accounts (code COLLATE "POSIX");

-- the type's default collation on a column without COLLATE
CREATE INDEX accounts_email ON accounts (email);
CREATE INDEX accounts_email_default ON accounts (email COLLATE pg_catalog."default");

-- default operator classes written out, and ones that are not the default
CREATE INDEX accounts_email_text_ops ON accounts (email text_ops);
CREATE INDEX accounts_email_pattern ON accounts (email varchar_pattern_ops);
CREATE INDEX accounts_label_bpchar_ops ON accounts (label bpchar_ops);
CREATE INDEX accounts_label ON accounts (label);
CREATE INDEX accounts_nick ON accounts (nick);
CREATE INDEX accounts_nick_ops ON accounts (nick name_ops);
CREATE INDEX accounts_born ON accounts (born date_ops);
CREATE INDEX accounts_doc ON accounts USING gin (doc);
CREATE INDEX accounts_doc_ops ON accounts USING gin (doc jsonb_ops);
CREATE INDEX accounts_doc_path ON accounts USING gin (doc jsonb_path_ops);
CREATE INDEX accounts_tags ON accounts USING gin (tags);
CREATE INDEX accounts_tags_ops ON accounts USING gin (tags array_ops);
CREATE INDEX accounts_id_hash ON accounts USING hash (id int4_ops);
CREATE INDEX accounts_born_brin ON accounts USING brin (born);

-- an expression's own collation
CREATE INDEX accounts_lower_email ON accounts (lower(email));
CREATE INDEX accounts_lower_email_c ON accounts (lower(email) COLLATE "C");
CREATE INDEX accounts_lower_email_text_ops ON accounts (lower(email) text_ops);

-- "(column)" and "(column COLLATE ...)" are plain column keys: they serve the FK
CREATE INDEX members_account ON members ((account_id));
CREATE INDEX members_team ON members ((team_id), account_id);
CREATE INDEX members_handle ON members ((handle COLLATE "C"));
CREATE INDEX members_handle_default ON members (handle COLLATE "default");
CREATE INDEX members_handle_plain ON members (handle);

-- an expression's collation comes from its column
CREATE INDEX accounts_lower_code ON accounts (lower(code));
CREATE INDEX accounts_lower_code_cast ON accounts (lower(code::text));
CREATE INDEX accounts_doc_kind ON accounts ((doc ->> 'kind'));

-- ALTER COLUMN TYPE resets the collation to the new type's default, unless COLLATE is given
CREATE TABLE labels (a varchar(10) COLLATE "C", b varchar(10) COLLATE "C");
ALTER TABLE labels ALTER COLUMN a TYPE text;
ALTER TABLE labels ALTER COLUMN b TYPE text COLLATE "POSIX";
CREATE INDEX labels_a ON labels (a);
CREATE INDEX labels_a_default ON labels (a COLLATE "default");
CREATE INDEX labels_b ON labels (b);
CREATE INDEX labels_b_posix ON labels (b COLLATE "POSIX");

-- a domain's collation is its columns' default
CREATE DOMAIN code_c AS text COLLATE "C";
CREATE TABLE coded (a code_c, b code_c COLLATE "POSIX");
CREATE INDEX coded_a ON coded (a);
CREATE INDEX coded_a_c ON coded (a COLLATE "C");
CREATE INDEX coded_b ON coded (b);
CREATE INDEX coded_lower_a ON coded (lower(a));

-- user-defined types: enums, ranges and composites take their kind's default
-- operator class and have no collation
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TYPE span AS RANGE (subtype = integer);
CREATE TYPE pair AS (x int, y text);
CREATE SCHEMA app;
CREATE TYPE app.state AS ENUM ('on', 'off');
CREATE TABLE typed (m mood, s span, p pair, st app.state, ms mood[]);
CREATE INDEX typed_m ON typed (m);
CREATE INDEX typed_m_ops ON typed (m enum_ops);
CREATE INDEX typed_m_hash ON typed USING hash (m);
CREATE INDEX typed_s ON typed (s);
CREATE INDEX typed_s_gist ON typed USING gist (s);
CREATE INDEX typed_p ON typed (p);
CREATE INDEX typed_st ON typed (st);
CREATE INDEX typed_ms ON typed USING gin (ms);

-- an expression key's type follows its column through a rename
CREATE TABLE posts (a timestamptz, b timestamptz, id int, title text COLLATE "C");
CREATE INDEX posts_latest ON posts (coalesce(a, b) DESC, id);
CREATE INDEX posts_lower_title ON posts (lower(title));
ALTER TABLE posts RENAME COLUMN a TO a2;
ALTER TABLE posts RENAME COLUMN title TO headline;

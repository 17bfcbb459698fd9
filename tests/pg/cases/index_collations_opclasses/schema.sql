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

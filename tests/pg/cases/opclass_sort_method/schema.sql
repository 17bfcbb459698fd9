-- Opclasses, sort orders, collations and access methods. The JSON has only
-- the column text (pg_get_indexdef with a column number leaves opclass, order
-- and collation out) and the method; findings compare them.
CREATE TABLE docs (
    id int PRIMARY KEY,
    title text,
    slug varchar(100),
    body tsvector,
    tags text[],
    attrs jsonb,
    created timestamptz,
    location point,
    hits int
);
CREATE INDEX docs_title_pattern ON docs (title text_pattern_ops);
CREATE INDEX docs_slug_pattern ON docs (slug varchar_pattern_ops);
CREATE INDEX docs_created_desc ON docs (created DESC NULLS LAST);
CREATE INDEX docs_created_asc_nf ON docs (created ASC NULLS FIRST);
CREATE INDEX docs_title_c ON docs (title COLLATE "C");
CREATE INDEX docs_body ON docs USING gin (body);
CREATE INDEX docs_tags ON docs USING gin (tags);
CREATE INDEX docs_attrs ON docs USING gin (attrs jsonb_path_ops);
CREATE INDEX docs_location ON docs USING gist (location);
CREATE INDEX docs_hits_hash ON docs USING hash (hits);
CREATE INDEX docs_created_brin ON docs USING brin (created);
CREATE INDEX docs_multi ON docs (hits DESC, title ASC, created DESC NULLS FIRST);
CREATE INDEX docs_btree_explicit ON docs USING btree (hits);

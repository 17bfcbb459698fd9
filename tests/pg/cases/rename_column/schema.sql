-- Renames: RENAME COLUMN (index columns and FK columns follow the new name,
-- index names do not), ALTER INDEX RENAME, RENAME CONSTRAINT (renaming a
-- PRIMARY KEY / UNIQUE constraint renames its index too).
CREATE TABLE users (
    id bigint PRIMARY KEY,
    mail text NOT NULL UNIQUE,
    nick text
);
CREATE TABLE posts (
    id bigint PRIMARY KEY,
    author bigint REFERENCES users (id),
    title text
);
CREATE INDEX posts_author_idx ON posts (author);
CREATE INDEX ON users (nick);

ALTER TABLE users RENAME COLUMN mail TO email;
ALTER TABLE users RENAME nick TO display_name;
ALTER TABLE users RENAME COLUMN id TO user_id;
ALTER TABLE posts RENAME COLUMN author TO author_id;

ALTER INDEX posts_author_idx RENAME TO posts_by_author;
ALTER TABLE users RENAME CONSTRAINT users_pkey TO users_pk;
ALTER TABLE users RENAME CONSTRAINT users_mail_key TO users_email_uq;
ALTER TABLE posts RENAME CONSTRAINT posts_author_fkey TO posts_author_id_fk;

-- a new unnamed index uses the new column name
CREATE INDEX ON users (email, display_name);

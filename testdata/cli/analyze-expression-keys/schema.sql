CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name varchar(80), created_at timestamptz);
CREATE TABLE accounts (id bigint PRIMARY KEY, handle text NOT NULL);
CREATE INDEX accounts_lower_idx ON accounts (lower(handle));

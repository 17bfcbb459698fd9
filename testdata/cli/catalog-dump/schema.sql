CREATE SCHEMA app;
CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE, "Nick" text);
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint REFERENCES users,
    placed timestamptz(3), tags text[], total numeric(12,2) NOT NULL DEFAULT 0);
CREATE INDEX ON orders (user_id, placed DESC) INCLUDE (total) WHERE total > 0;
CREATE INDEX ON orders USING gin (tags);
CREATE INDEX ON users (lower(email));
ALTER TABLE users RENAME COLUMN "Nick" TO nick;
ALTER TABLE orders SET SCHEMA public;

-- The migration tool created schema app and runs this file with search_path app, public.
CREATE TYPE status AS ENUM ('active', 'blocked');
CREATE TABLE users (id bigint PRIMARY KEY, state status NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));
CREATE TABLE public.notes (id bigint PRIMARY KEY, user_id bigint REFERENCES users, state status);

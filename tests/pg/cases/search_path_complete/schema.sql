-- --complete keeps PostgreSQL's exact rule: an unqualified CREATE goes to the
-- first schema of the search_path that exists. The path is app, public, but
-- app does not exist until the file creates it, so the first objects go to
-- public and the later ones to app.
CREATE TABLE users (id bigint PRIMARY KEY);                     -- public.users
CREATE TYPE status AS ENUM ('a', 'b');                          -- public.status
CREATE TABLE early (id int PRIMARY KEY, s status, u bigint REFERENCES users);
CREATE SCHEMA app;
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);  -- app.orders -> public.users
CREATE INDEX ON orders (user_id);
CREATE TYPE status AS ENUM ('x');                               -- app.status hides public.status
CREATE TABLE late (id int, s status, old public.status);

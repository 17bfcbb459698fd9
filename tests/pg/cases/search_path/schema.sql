-- search_path: unqualified CREATEs go to the first schema on the path;
-- unqualified references resolve along the path (app first, then public).
CREATE SCHEMA app;
CREATE TABLE public.users (id int PRIMARY KEY);
CREATE TABLE public.only_public (id int PRIMARY KEY);

SET search_path TO app, public;
CREATE TABLE users (id bigint PRIMARY KEY, name text);      -- app.users
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint REFERENCES users,                      -- app.users
    op_id int REFERENCES only_public                      -- public.only_public
);
CREATE INDEX ON orders (user_id);
CREATE INDEX orders_op ON orders (op_id);
ALTER TABLE only_public ADD COLUMN note text;             -- public.only_public
CREATE INDEX ON only_public (note);                       -- index in public

SET search_path = public;
CREATE TABLE after_reset (id int REFERENCES users);       -- public.users

SET search_path TO "$user", public;
CREATE TABLE dollar_user (id int);                        -- public (no schema named like the user)

SELECT pg_catalog.set_config('search_path', 'app', false);
CREATE TABLE via_set_config (id int);                     -- app
RESET search_path;
CREATE TABLE after_reset_path (id int);                   -- public

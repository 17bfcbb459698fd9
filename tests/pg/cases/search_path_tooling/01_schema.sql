-- Schemas on the initial search_path that the files never create: the
-- migration tool made app (case.json "setup", which dbl does not see) and runs
-- every file with search_path app, public. In partial mode dbl takes app to
-- exist, so unqualified objects go to app, not public; types in app are
-- visible and print unqualified, like public's.
CREATE TYPE status AS ENUM ('active', 'blocked');              -- app.status
CREATE TYPE public.level AS ENUM ('low', 'high');              -- public.level
CREATE TABLE users (
    id bigint PRIMARY KEY,                                      -- app.users
    state status NOT NULL,
    lvl level,
    states status[]
);
CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),              -- app.users
    total_price numeric(12,2)
);
CREATE INDEX orders_user_idx ON orders (user_id);               -- app.orders_user_idx
CREATE TABLE public.audit (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
ALTER TABLE users ADD COLUMN email text;
CREATE UNIQUE INDEX ON users (email);
CREATE INDEX users_blocked_idx ON users (id) WHERE state = 'blocked';

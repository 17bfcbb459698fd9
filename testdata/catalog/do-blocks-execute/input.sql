-- DO blocks as PostgreSQL runs them on a fresh database: DECLARE sections,
-- assignments, RAISE, EXECUTE of strings known before run time (constants,
-- format() and || over constants), and IF guards on the catalog decided on
-- what exists at that point (pg_indexes, pg_class, information_schema), with
-- their ELSE branches.
CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text, team_id integer);
CREATE TABLE app.teams (id integer PRIMARY KEY);
CREATE INDEX users_email_old ON app.users (email);

-- Prisma-style rename with a guard (the index exists: the rename runs)
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = 'app' AND indexname = 'users_email_old') THEN
        EXECUTE 'ALTER INDEX app.users_email_old RENAME TO users_email_idx';
    END IF;
END $$;

-- the same guard again: the index is gone now, so the ELSE branch runs
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'users_email_old') THEN
        EXECUTE 'ALTER INDEX app.users_email_old RENAME TO users_email_twice';
    ELSE
        CREATE INDEX users_team_idx ON app.users (team_id);
    END IF;
END $$;

-- a counted guard (only one of the two exists: nothing is dropped)
DO $$
BEGIN
    -- both only after a re-run
    IF (SELECT count(*) = 2 FROM pg_indexes
        WHERE indexname IN ('users_email_idx', 'users_email_dup') AND schemaname = 'app') THEN
        EXECUTE 'DROP INDEX app.users_email_idx';
    END IF;
END $$;

-- DECLARE, assignments, RAISE, format() and || over constants
DO $$
DECLARE
    n integer := 0;
    label text;
BEGIN
    n := n + 1;
    label := 'x';
    EXECUTE format('ALTER TABLE %I.%I ADD COLUMN %I text', 'app', 'users', 'nick');
    EXECUTE 'CREATE INDEX users_nick_idx ON app.users ' || '(nick)';
    EXECUTE 'ALTER TABLE app.users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES app.teams (id)';
    RAISE NOTICE 'step %', n;
END $$;

-- column and table guards on information_schema and pg_class
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                   WHERE table_schema = 'app' AND table_name = 'users' AND column_name = 'nick') THEN
        ALTER TABLE app.users ADD COLUMN nick_fallback text;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'app' AND table_name = 'audit') THEN
        CREATE TABLE app.audit (id bigint PRIMARY KEY, user_id integer REFERENCES app.users (id));
    ELSE
        ALTER TABLE app.audit ADD COLUMN never text;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'audit' AND relkind = 'r') THEN
        EXECUTE 'CREATE INDEX audit_user_idx ON app.audit (user_id)';
    END IF;
END $$;

-- a rename dbl cannot read (the new name is only known at run time): the old
-- index is forgotten rather than kept stale, so the index created after the
-- DROP below is not reported as a duplicate of an index that no longer exists
CREATE TABLE app.posts (id integer PRIMARY KEY, author_id integer);
CREATE INDEX posts_author_old ON app.posts (author_id);
DO $$
DECLARE
    suffix text := to_char(42, 'FM00');
BEGIN
    EXECUTE format('ALTER INDEX app.posts_author_old RENAME TO posts_author_%s', suffix);
END $$;
DROP INDEX app.posts_author_42;
CREATE INDEX posts_author_idx ON app.posts (author_id);

-- pg_class joined to pg_namespace, written both ways
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE c.relname = 'posts_author_idx' AND n.nspname = 'app') THEN
        CREATE INDEX posts_author_idx ON app.posts (author_id);
    ELSE
        CREATE INDEX posts_author_dup ON app.posts (author_id, id);
    END IF;
    IF EXISTS (SELECT FROM pg_namespace n, pg_class c
               WHERE c.relnamespace = n.oid AND nspname = 'public' AND relname = 'posts_author_idx') THEN
        CREATE INDEX posts_never ON app.posts (id);
    END IF;
END $$;

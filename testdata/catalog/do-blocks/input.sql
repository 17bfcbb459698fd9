-- DO blocks that are plain statements (nested blocks, EXCEPTION handlers,
-- IF [NOT] EXISTS guards) do what those statements do.
CREATE TABLE users (id uuid PRIMARY KEY, email text);
DO $$
BEGIN
    CREATE TYPE token_kind AS ENUM ('a', 'b');
EXCEPTION
    WHEN duplicate_object THEN NULL;
END $$;
DO $$ BEGIN
  CREATE TABLE IF NOT EXISTS tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users ON DELETE CASCADE,
    kind token_kind NOT NULL,
    hash text NOT NULL
  );
  BEGIN
    CREATE INDEX IF NOT EXISTS tokens_hash_idx ON tokens USING hash (hash);
  EXCEPTION WHEN others THEN
    CREATE INDEX IF NOT EXISTS tokens_hash_idx ON tokens USING btree (hash);
  END;
END $$;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'users_email_key') THEN
        ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
    END IF;
END $$;
DO $$
BEGIN
    IF EXISTS (SELECT FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'email') THEN
        ALTER TABLE users RENAME COLUMN email TO email_address;
    END IF;
END $$;

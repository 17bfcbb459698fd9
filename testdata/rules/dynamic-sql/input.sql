CREATE TABLE accounts (id bigint PRIMARY KEY, email text);

-- fires: format() over a loop variable
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['a', 'b'] LOOP
    EXECUTE format('CREATE TABLE %I (id bigint PRIMARY KEY)', 'audit_' || t);
  END LOOP;
END $$;

-- fires once per block: two run-time statements
DO $$
DECLARE s text := 'archive';
BEGIN
  EXECUTE 'CREATE SCHEMA ' || s;
  EXECUTE 'CREATE TABLE ' || s || '.accounts (LIKE public.accounts)';
END $$;

-- fires: a function that builds DDL at run time
CREATE FUNCTION make_partition(suffix text) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('CREATE TABLE events_%s PARTITION OF events FOR VALUES IN (%L)', suffix, suffix);
END
$fn$;

-- silent: constant strings, format() and || over constants are read as statements
DO $$
BEGIN
  EXECUTE 'CREATE INDEX accounts_email_idx ON accounts (email)';
  EXECUTE format('ALTER TABLE %I ADD COLUMN %I text', 'accounts', 'name');
  EXECUTE 'CREATE TABLE ' || 'notes' || ' (id bigint)';
END $$;

-- silent: a function whose run-time SQL is a query, not DDL
CREATE FUNCTION count_rows(t regclass) RETURNS bigint LANGUAGE plpgsql AS $fn$
DECLARE n bigint;
BEGIN
  EXECUTE format('SELECT count(*) FROM %s', t) INTO n;
  RETURN n;
END
$fn$;

-- silent: a block without EXECUTE
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'accounts_name_idx') THEN
    CREATE INDEX accounts_name_idx ON accounts (name);
  END IF;
END $$;

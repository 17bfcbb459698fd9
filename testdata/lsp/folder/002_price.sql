-- a migration judged against 001_base.sql
ALTER TABLE orders ADD COLUMN price numeric;

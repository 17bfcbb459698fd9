-- No file creates schema app (the migration tool does); the file sets its search_path.
SET search_path = app, public;
CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE transfers (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts, amount numeric(12,2));

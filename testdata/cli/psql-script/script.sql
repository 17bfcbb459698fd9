\set ON_ERROR_STOP on
\connect shop
SET search_path TO app, public;
CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY, balance numeric(12,2) NOT NULL);
COPY app.accounts (id, balance) FROM stdin;
1	10.00
2	-- not a comment; not SQL
\.
CREATE TABLE :"tbl" (id int);
CREATE TABLE ledger (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts, amount real NOT NULL);
SELECT count(*) FROM accounts \gset
CREATE FUNCTION total() RETURNS numeric LANGUAGE sql BEGIN ATOMIC SELECT sum(balance) FROM accounts; END;
CREATE INDEX ON ledger (account_id);

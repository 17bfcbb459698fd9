-- Several files applied in natural name order (1, 2, 10), each in its own
-- psql session: a SET search_path in one file does not carry over to the
-- next one.
CREATE SCHEMA app;
SET search_path TO app;
CREATE TABLE accounts (id int PRIMARY KEY);            -- app.accounts

-- ALTER TABLE RENAME TO keeps index and constraint names (orders_pkey stays
-- on purchases); SET SCHEMA moves the table with its indexes; FKs follow the
-- table, wherever it goes.
CREATE SCHEMA archive;
CREATE TABLE customers (id int PRIMARY KEY, email text UNIQUE);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
CREATE INDEX ON orders (customer_id);

ALTER TABLE orders RENAME TO purchases;
CREATE INDEX ON purchases (id, customer_id);           -- generated from the new name
ALTER TABLE customers SET SCHEMA archive;
ALTER TABLE IF EXISTS archive.customers RENAME TO clients;
ALTER TABLE IF EXISTS missing_table RENAME TO whatever;
ALTER INDEX archive.customers_email_key RENAME TO clients_email_key;

CREATE TABLE moving (id serial PRIMARY KEY, v text);
CREATE INDEX moving_v ON moving (v);
ALTER TABLE moving SET SCHEMA archive;
ALTER TABLE archive.moving RENAME COLUMN v TO value;

-- A foreign key references the table itself (RENAME TO and SET SCHEMA carry it
-- along) and depends on the unique index on the referenced columns: DROP INDEX
-- ... CASCADE and DROP CONSTRAINT ... CASCADE drop it.
CREATE SCHEMA archive;
CREATE TABLE customers (id int PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX customers_code_key ON customers (code);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, customer_code text REFERENCES customers (code));
CREATE TABLE notes (id int PRIMARY KEY, order_id int REFERENCES orders (id));
ALTER TABLE customers RENAME TO clients;
ALTER TABLE clients SET SCHEMA archive;
DROP INDEX archive.customers_code_key CASCADE;
ALTER TABLE orders DROP CONSTRAINT orders_pkey CASCADE;

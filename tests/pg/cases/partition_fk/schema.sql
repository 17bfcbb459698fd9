-- Foreign keys and partitions: an FK declared on a partitioned table is
-- cloned onto every partition (same name); an FK that references a
-- partitioned table gets internal per-partition clones on the referencing
-- table (left out of the catalog JSON, see README).
CREATE TABLE customers (id int PRIMARY KEY, name text);
CREATE TABLE orders (
    id int NOT NULL,
    customer_id int REFERENCES customers,
    placed date NOT NULL,
    PRIMARY KEY (id, placed)
) PARTITION BY RANGE (placed);
CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE INDEX ON orders (customer_id);

CREATE TABLE order_notes (
    note_id int PRIMARY KEY,
    order_id int NOT NULL,
    order_placed date NOT NULL,
    FOREIGN KEY (order_id, order_placed) REFERENCES orders (id, placed)
);
CREATE TABLE shipments (
    id int PRIMARY KEY,
    order_id int,
    order_placed date
);
ALTER TABLE shipments ADD CONSTRAINT shipments_order_fk
    FOREIGN KEY (order_id, order_placed) REFERENCES orders (id, placed);
CREATE INDEX ON shipments (order_placed, order_id);

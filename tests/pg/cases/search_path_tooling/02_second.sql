-- A second file (a new session): the search_path starts again from app, public.
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders, amount numeric(12,2) NOT NULL);

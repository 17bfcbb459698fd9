-- One migration on its own, as a pre-commit hook passes it: users was created earlier.
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users, total_price numeric(12,2));
CREATE TABLE archive (LIKE orders, note text) INHERITS (legacy_orders);

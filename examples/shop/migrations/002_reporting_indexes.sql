-- Indexes for the order dashboard.
CREATE INDEX orders_status_idx ON orders (status);
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC);
CREATE INDEX users_email_idx ON users (email);

-- Migration 008: multi-item orders (cart checkout)
CREATE TABLE IF NOT EXISTS order_items (
    id SERIAL PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id INTEGER REFERENCES products(id) ON DELETE SET NULL,
    product_name VARCHAR(255),
    quantity INTEGER DEFAULT 1 CHECK (quantity > 0),
    price NUMERIC(18, 8) CHECK (price > 0),
    currency VARCHAR(10),
    created_at TIMESTAMP DEFAULT NOW()
);

COMMENT ON TABLE order_items IS 'Stores individual items in each order';
COMMENT ON COLUMN order_items.product_name IS 'Cached product name (in case product is deleted)';

CREATE INDEX IF NOT EXISTS idx_order_items_order_id ON order_items(order_id);

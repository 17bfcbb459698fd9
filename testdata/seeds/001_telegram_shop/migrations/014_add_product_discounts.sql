-- Migration 014: timed product discounts
ALTER TABLE products
    ADD COLUMN IF NOT EXISTS discount_percentage NUMERIC(5, 2) DEFAULT 0
        CHECK (discount_percentage >= 0 AND discount_percentage <= 100),
    ADD COLUMN IF NOT EXISTS original_price DECIMAL(18, 8),
    ADD COLUMN IF NOT EXISTS discount_expires_at TIMESTAMP;

COMMENT ON COLUMN products.discount_percentage IS 'Discount percentage (0-100). 0 = no discount';
COMMENT ON COLUMN products.original_price IS 'Original price before discount. NULL if no discount applied';

CREATE INDEX IF NOT EXISTS idx_products_discount_active
    ON products(shop_id, discount_percentage, discount_expires_at)
    WHERE discount_percentage > 0;

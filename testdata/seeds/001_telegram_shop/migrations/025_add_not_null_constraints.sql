-- Migration 025: P1-DB-005 NOT NULL constraints on critical fields
-- backend/database/migrations/025_add_not_null_constraints.sql
BEGIN;

-- Data verification first: FAIL on critical money fields, auto-fix safe ones.
DO $$
DECLARE
    bad_count INTEGER;
BEGIN
    SELECT COUNT(*) INTO bad_count FROM products WHERE price IS NULL;
    IF bad_count > 0 THEN
        RAISE EXCEPTION 'products.price has % NULL rows - fix manually before 025', bad_count;
    END IF;
    SELECT COUNT(*) INTO bad_count FROM orders WHERE total_price IS NULL;
    IF bad_count > 0 THEN
        RAISE EXCEPTION 'orders.total_price has % NULL rows - fix manually before 025', bad_count;
    END IF;
    SELECT COUNT(*) INTO bad_count FROM invoices WHERE expected_amount IS NULL;
    IF bad_count > 0 THEN
        RAISE EXCEPTION 'invoices.expected_amount has % NULL rows', bad_count;
    END IF;
END $$;

UPDATE products SET currency = 'USD' WHERE currency IS NULL;
UPDATE products SET stock_quantity = 0 WHERE stock_quantity IS NULL;
UPDATE products SET reserved_quantity = 0 WHERE reserved_quantity IS NULL;
UPDATE products SET discount_percentage = 0 WHERE discount_percentage IS NULL;
UPDATE orders SET currency = 'USD' WHERE currency IS NULL;
UPDATE orders SET quantity = 1 WHERE quantity IS NULL;
UPDATE order_items SET currency = 'USD' WHERE currency IS NULL;

-- Products (8 columns)
ALTER TABLE products
  ALTER COLUMN price SET NOT NULL,
  ALTER COLUMN currency SET NOT NULL,
  ALTER COLUMN stock_quantity SET NOT NULL,
  ALTER COLUMN reserved_quantity SET NOT NULL,
  ALTER COLUMN discount_percentage SET NOT NULL,
  ALTER COLUMN is_active SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

-- Orders (6 columns)
ALTER TABLE orders
  ALTER COLUMN quantity SET NOT NULL,
  ALTER COLUMN total_price SET NOT NULL,
  ALTER COLUMN currency SET NOT NULL,
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

-- Order items (5 columns)
ALTER TABLE order_items
  ALTER COLUMN product_name SET NOT NULL,
  ALTER COLUMN quantity SET NOT NULL,
  ALTER COLUMN price SET NOT NULL,
  ALTER COLUMN currency SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL;

-- Invoices (9 columns)
ALTER TABLE invoices
  ALTER COLUMN chain SET NOT NULL,
  ALTER COLUMN address SET NOT NULL,
  ALTER COLUMN address_index SET NOT NULL,
  ALTER COLUMN expected_amount SET NOT NULL,
  ALTER COLUMN currency SET NOT NULL,
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN expires_at SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

-- Shop subscriptions
ALTER TABLE shop_subscriptions
  ALTER COLUMN tier SET NOT NULL,
  ALTER COLUMN amount SET NOT NULL,
  ALTER COLUMN tx_hash SET NOT NULL,
  ALTER COLUMN currency SET NOT NULL,
  ALTER COLUMN period_start SET NOT NULL,
  ALTER COLUMN period_end SET NOT NULL,
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL;

-- Shops (6 columns)
ALTER TABLE shops
  ALTER COLUMN tier SET NOT NULL,
  ALTER COLUMN is_active SET NOT NULL,
  ALTER COLUMN subscription_status SET NOT NULL,
  ALTER COLUMN registration_paid SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

-- Users (3 columns)
ALTER TABLE users
  ALTER COLUMN telegram_id SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

-- Shop follows (5 columns)
ALTER TABLE shop_follows
  ALTER COLUMN mode SET NOT NULL,
  ALTER COLUMN markup_percentage SET NOT NULL,
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL;

-- Synced products (3 columns)
ALTER TABLE synced_products
  ALTER COLUMN last_synced_at SET NOT NULL,
  ALTER COLUMN conflict_status SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL;

-- Payments (7 columns)
ALTER TABLE payments
  ALTER COLUMN amount SET NOT NULL,
  ALTER COLUMN currency SET NOT NULL,
  ALTER COLUMN status SET NOT NULL,
  ALTER COLUMN confirmations SET NOT NULL,
  ALTER COLUMN created_at SET NOT NULL,
  ALTER COLUMN updated_at SET NOT NULL,
  ALTER COLUMN tx_hash SET NOT NULL;

COMMIT;

-- Migration 023: P1-DB-001 missing composite indexes, P1-DB-002 invoice expiry index
-- backend/database/migrations/023_add_composite_indexes.sql
BEGIN;

-- 1. Orders dashboard optimization (seller view)
CREATE INDEX IF NOT EXISTS idx_orders_shop_status_created
  ON orders(product_id, status, created_at DESC)
  WHERE status IN ('pending', 'confirmed', 'shipped');

COMMENT ON INDEX idx_orders_shop_status_created IS
  'Composite index for seller dashboard: filter by product/shop + status + sort by date';

-- 2. Product listing optimization (seller products)
CREATE INDEX IF NOT EXISTS idx_products_shop_active_updated
  ON products(shop_id, is_active, updated_at DESC);

-- 3. Shop follows dashboard optimization (follower view)
CREATE INDEX IF NOT EXISTS idx_shop_follows_follower_status_created
  ON shop_follows(follower_shop_id, status, created_at DESC);

-- 4. Synced products optimization (auto-sync job)
CREATE INDEX IF NOT EXISTS idx_synced_products_follow_updated
  ON synced_products(follow_id, last_synced_at DESC);

-- P1-DB-002: partial index, ONLY pending invoices (invoice cleanup cron)
CREATE INDEX IF NOT EXISTS idx_invoices_expires_pending
  ON invoices(expires_at, status)
  WHERE status = 'pending';

-- Payment monitoring
CREATE INDEX IF NOT EXISTS idx_invoices_chain_status
  ON invoices(chain, status, created_at DESC);

COMMIT;

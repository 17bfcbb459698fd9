-- Migration 024: P1-DB-003 missing indexes on foreign key columns
-- backend/database/migrations/024_add_foreign_key_indexes.sql
BEGIN;

-- 1. invoices.subscription_id (CASCADE DELETE optimization)
CREATE INDEX IF NOT EXISTS idx_invoices_subscription_id
  ON invoices(subscription_id);

-- 2. shop_workers.telegram_id (worker lookup optimization)
CREATE INDEX IF NOT EXISTS idx_shop_workers_telegram_id
  ON shop_workers(telegram_id);

-- 3. shop_subscriptions composite (user subscription lookups)
CREATE INDEX IF NOT EXISTS idx_shop_subscriptions_telegram_id
  ON shop_subscriptions(user_id, status);

COMMENT ON INDEX idx_shop_subscriptions_telegram_id IS
  'Composite index for user subscription lookups by status';

COMMIT;

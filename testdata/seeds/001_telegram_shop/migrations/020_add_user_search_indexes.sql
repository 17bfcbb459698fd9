-- Migration 020: admin user search (exact and prefix LIKE 'abc%' lookups)
CREATE INDEX IF NOT EXISTS idx_users_username ON users(username);
CREATE INDEX IF NOT EXISTS idx_users_username_pattern ON users(username varchar_pattern_ops);
CREATE INDEX IF NOT EXISTS idx_users_telegram_role ON users(telegram_id, selected_role);
CREATE UNIQUE INDEX IF NOT EXISTS idx_shops_name_unique_lower ON shops(LOWER(name));

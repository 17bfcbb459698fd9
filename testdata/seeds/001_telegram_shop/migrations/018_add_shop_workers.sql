-- Migration 018: shop workspace (PRO tier) - workers who can manage a shop
CREATE TABLE IF NOT EXISTS shop_workers (
    id SERIAL PRIMARY KEY,
    shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    worker_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    telegram_id BIGINT NOT NULL REFERENCES users(telegram_id) ON DELETE CASCADE,
    added_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    UNIQUE (shop_id, worker_user_id)
);

CREATE INDEX IF NOT EXISTS idx_shop_workers_shop_id ON shop_workers(shop_id);
CREATE INDEX IF NOT EXISTS idx_shop_workers_worker_user_id ON shop_workers(worker_user_id);

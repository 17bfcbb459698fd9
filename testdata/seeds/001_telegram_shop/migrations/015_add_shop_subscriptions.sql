-- Migration 015: monthly shop subscriptions (basic $25 / pro $35)
CREATE TABLE IF NOT EXISTS shop_subscriptions (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    shop_id INTEGER REFERENCES shops(id) ON DELETE CASCADE,
    tier VARCHAR(20) CHECK (tier IN ('basic', 'pro')),
    amount NUMERIC(10, 2),
    tx_hash VARCHAR(255) UNIQUE,
    currency VARCHAR(10) CHECK (currency IN ('BTC', 'ETH', 'USDT', 'LTC')),
    period_start TIMESTAMP,
    period_end TIMESTAMP,
    status VARCHAR(20) DEFAULT 'pending'
        CHECK (status IN ('active', 'pending', 'expired', 'cancelled')),
    created_at TIMESTAMP DEFAULT NOW(),
    verified_at TIMESTAMP,
    CONSTRAINT check_subscription_period CHECK (period_end > period_start)
);

COMMENT ON COLUMN shop_subscriptions.amount IS 'Payment amount in USD';

CREATE INDEX IF NOT EXISTS idx_shop_subscriptions_shop ON shop_subscriptions(shop_id);
CREATE INDEX IF NOT EXISTS idx_shop_subscriptions_status ON shop_subscriptions(status);
CREATE INDEX IF NOT EXISTS idx_shop_subscriptions_period_end ON shop_subscriptions(period_end);
CREATE INDEX IF NOT EXISTS idx_shop_subscriptions_tx_hash ON shop_subscriptions(tx_hash);

ALTER TABLE shops
    ADD COLUMN IF NOT EXISTS tier VARCHAR(20) DEFAULT 'basic' CHECK (tier IN ('basic', 'pro')),
    ADD COLUMN IF NOT EXISTS subscription_status VARCHAR(20) DEFAULT 'active',
    ADD COLUMN IF NOT EXISTS next_payment_due TIMESTAMP,
    ADD COLUMN IF NOT EXISTS grace_period_until TIMESTAMP;

CREATE INDEX IF NOT EXISTS idx_shops_next_payment_due ON shops(next_payment_due);

-- Migration 005: HD-wallet crypto invoices (one derived address per invoice)
BEGIN;

CREATE TABLE IF NOT EXISTS invoices (
    id SERIAL PRIMARY KEY,
    order_id INTEGER REFERENCES orders(id) ON DELETE CASCADE,
    chain VARCHAR(10) CHECK (chain IN ('BTC', 'ETH', 'LTC', 'USDT_TRC20')),
    address VARCHAR(255),
    address_index INTEGER,
    expected_amount NUMERIC(18, 8),
    currency VARCHAR(10),
    status VARCHAR(20) DEFAULT 'pending'
        CHECK (status IN ('pending', 'paid', 'expired', 'cancelled')),
    tatum_subscription_id VARCHAR(255),
    expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW(),
    paid_at TIMESTAMPTZ,
    tx_hash VARCHAR(255) DEFAULT NULL
);

COMMENT ON COLUMN invoices.chain IS 'Blockchain: BTC, ETH, LTC, USDT_TRC20 (TRON only)';

CREATE INDEX IF NOT EXISTS idx_invoices_order_id ON invoices(order_id);
CREATE INDEX IF NOT EXISTS idx_invoices_address ON invoices(address);
CREATE UNIQUE INDEX IF NOT EXISTS idx_invoices_address_unique ON invoices(address) WHERE address IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_invoices_status ON invoices(status);
CREATE INDEX IF NOT EXISTS idx_invoices_tx_hash ON invoices(tx_hash) WHERE tx_hash IS NOT NULL;

-- Buyer pays the crypto equivalent of total_price
ALTER TABLE orders
    ADD COLUMN IF NOT EXISTS crypto_amount NUMERIC(20, 8),
    ADD COLUMN IF NOT EXISTS crypto_currency VARCHAR(10),
    ADD COLUMN IF NOT EXISTS payment_address VARCHAR(100),
    ADD COLUMN IF NOT EXISTS payment_hash VARCHAR(100);

COMMENT ON COLUMN orders.crypto_amount IS 'Amount in cryptocurrency';

CREATE INDEX IF NOT EXISTS idx_orders_payment_hash ON orders(payment_hash) WHERE payment_hash IS NOT NULL;

CREATE SEQUENCE IF NOT EXISTS wallet_address_index_btc START WITH 1;
CREATE SEQUENCE IF NOT EXISTS wallet_address_index_eth START WITH 1;
CREATE SEQUENCE IF NOT EXISTS wallet_address_index_ltc START WITH 1;
CREATE SEQUENCE IF NOT EXISTS wallet_address_index_usdt_trc20 START WITH 1;

COMMIT;

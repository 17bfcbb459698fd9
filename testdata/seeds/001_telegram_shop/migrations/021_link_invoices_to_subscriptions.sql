-- Migration 021: invoices can pay for a shop subscription instead of an order
ALTER TABLE invoices
    ADD COLUMN IF NOT EXISTS subscription_id INTEGER
        REFERENCES shop_subscriptions(id) ON DELETE CASCADE;

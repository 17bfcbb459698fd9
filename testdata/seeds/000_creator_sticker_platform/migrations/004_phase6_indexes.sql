-- Alembic offline SQL, backend/alembic/versions/5fa3c8d1e609_phase6_indexes.py
-- Phase 6 (Database Integrity & Performance, plan.md section 7.1):
-- "Composite indexes added for common query patterns" plus
-- "single-column indexes for frequently queried columns" (db_models.py).
BEGIN;

-- Running upgrade e4d92b17c5a8 -> 5fa3c8d1e609

-- Transaction table
CREATE INDEX ix_transactions_detected_at ON transactions (detected_at);

CREATE INDEX ix_transactions_creator_amount ON transactions (creator_wallet, amount_micro);

CREATE INDEX ix_transactions_fan_detected ON transactions (fan_wallet, detected_at);

CREATE INDEX ix_transactions_processed_detected ON transactions (processed, detected_at);

-- NFT table
CREATE INDEX ix_nfts_template_id ON nfts (template_id);

CREATE INDEX ix_nfts_minted_at ON nfts (minted_at);

CREATE INDEX ix_nfts_owner_type ON nfts (owner_wallet, sticker_type);

CREATE INDEX ix_nfts_template_minted ON nfts (template_id, minted_at);

-- Membership table
CREATE INDEX ix_memberships_expires_at ON memberships (expires_at);

CREATE INDEX ix_memberships_fan_creator_active_expires ON memberships (fan_wallet, creator_wallet, is_active, expires_at);

-- FanLoyalty table (Butki leaderboard: ORDER BY butki_badges_earned DESC, total_tipped_micro DESC)
CREATE INDEX ix_fan_loyalty_creator_badges_tipped ON fan_loyalty (creator_wallet, butki_badges_earned, total_tipped_micro);

-- Order table
CREATE INDEX ix_orders_status ON orders (status);

CREATE INDEX ix_orders_tx_id ON orders (tx_id);

CREATE INDEX ix_orders_created_at ON orders (created_at);

CREATE INDEX ix_orders_fan_created ON orders (fan_wallet, created_at);

CREATE INDEX ix_orders_status_creator ON orders (status, creator_wallet);

UPDATE alembic_version SET version_num='5fa3c8d1e609' WHERE alembic_version.version_num = 'e4d92b17c5a8';

COMMIT;

-- Alembic offline SQL, backend/alembic/versions/b81f0c6e2a47_butki_bauni_shawty_tokens.py
-- Butki loyalty badges, Bauni time-bound memberships, Shawty utility tokens.
BEGIN;

-- Running upgrade 7c2e91a4d0b3 -> b81f0c6e2a47

CREATE TABLE fan_loyalty (
    id SERIAL NOT NULL,
    fan_wallet VARCHAR(58) NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    tip_count INTEGER NOT NULL,
    total_tipped_micro BIGINT NOT NULL,
    butki_badges_earned INTEGER NOT NULL,
    last_badge_asset_id INTEGER,
    updated_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    CONSTRAINT uq_fan_creator_loyalty UNIQUE (fan_wallet, creator_wallet)
);

CREATE INDEX ix_fan_loyalty_fan_wallet ON fan_loyalty (fan_wallet);

CREATE INDEX ix_fan_loyalty_creator_wallet ON fan_loyalty (creator_wallet);

CREATE TABLE loyalty_tip_events (
    id SERIAL NOT NULL,
    tx_id VARCHAR(64) NOT NULL,
    fan_wallet VARCHAR(58) NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    amount_micro BIGINT NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_loyalty_tip_events_tx_id ON loyalty_tip_events (tx_id);

CREATE INDEX ix_loyalty_tip_events_fan_wallet ON loyalty_tip_events (fan_wallet);

CREATE INDEX ix_loyalty_tip_events_creator_wallet ON loyalty_tip_events (creator_wallet);

CREATE TABLE memberships (
    id SERIAL NOT NULL,
    fan_wallet VARCHAR(58) NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    asset_id INTEGER NOT NULL,
    purchased_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    is_active BOOLEAN NOT NULL,
    purchase_tx_id VARCHAR(64),
    amount_paid_micro BIGINT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_membership_fan_creator_active UNIQUE (fan_wallet, creator_wallet, is_active),
    CONSTRAINT uq_membership_asset_id UNIQUE (asset_id)
);

CREATE INDEX ix_memberships_fan_wallet ON memberships (fan_wallet);

CREATE INDEX ix_memberships_creator_wallet ON memberships (creator_wallet);

CREATE INDEX ix_memberships_asset_id ON memberships (asset_id);

CREATE TABLE shawty_tokens (
    id SERIAL NOT NULL,
    asset_id INTEGER NOT NULL,
    owner_wallet VARCHAR(58) NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    purchase_tx_id VARCHAR(64),
    amount_paid_micro BIGINT NOT NULL,
    is_burned BOOLEAN NOT NULL,
    is_locked BOOLEAN NOT NULL,
    burned_at TIMESTAMP WITHOUT TIME ZONE,
    locked_at TIMESTAMP WITHOUT TIME ZONE,
    purchased_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_shawty_purchase_tx_id UNIQUE (purchase_tx_id)
);

CREATE UNIQUE INDEX ix_shawty_tokens_asset_id ON shawty_tokens (asset_id);

CREATE INDEX ix_shawty_tokens_owner_wallet ON shawty_tokens (owner_wallet);

CREATE INDEX ix_shawty_tokens_creator_wallet ON shawty_tokens (creator_wallet);

CREATE TABLE redemptions (
    id SERIAL NOT NULL,
    shawty_asset_id INTEGER NOT NULL,
    fan_wallet VARCHAR(58) NOT NULL,
    redemption_type VARCHAR(20) NOT NULL,
    description TEXT,
    redeemed_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(shawty_asset_id) REFERENCES shawty_tokens (asset_id)
);

CREATE INDEX ix_redemptions_shawty_asset_id ON redemptions (shawty_asset_id);

CREATE INDEX ix_redemptions_fan_wallet ON redemptions (fan_wallet);

UPDATE alembic_version SET version_num='b81f0c6e2a47' WHERE alembic_version.version_num = '7c2e91a4d0b3';

COMMIT;

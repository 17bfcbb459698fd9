-- Alembic offline SQL (alembic upgrade --sql), backend/alembic/versions/7c2e91a4d0b3_initial_schema.py
-- Creator Sticker Platform: wallets, TipProxy contracts, sticker templates,
-- minted NFTs and tip transactions detected by the listener.
BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 7c2e91a4d0b3

CREATE TABLE users (
    id SERIAL NOT NULL,
    wallet_address VARCHAR(58) NOT NULL,
    role VARCHAR(20) NOT NULL,
    username VARCHAR(100),
    created_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_users_wallet_address ON users (wallet_address);

CREATE TABLE contracts (
    id SERIAL NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    app_id INTEGER NOT NULL,
    app_address VARCHAR(58) NOT NULL,
    version INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    deployed_at TIMESTAMP WITHOUT TIME ZONE,
    upgraded_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    FOREIGN KEY(creator_wallet) REFERENCES users (wallet_address)
);

CREATE UNIQUE INDEX ix_contracts_app_id ON contracts (app_id);

CREATE INDEX ix_contracts_creator_wallet ON contracts (creator_wallet);

CREATE TABLE sticker_templates (
    id SERIAL NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    name VARCHAR(200) NOT NULL,
    ipfs_hash VARCHAR(100),
    image_url TEXT,
    metadata_url TEXT,
    sticker_type VARCHAR(20) NOT NULL,
    category VARCHAR(50) NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id)
);

CREATE INDEX ix_sticker_templates_creator_wallet ON sticker_templates (creator_wallet);

CREATE TABLE nfts (
    id SERIAL NOT NULL,
    asset_id INTEGER NOT NULL,
    template_id INTEGER NOT NULL,
    owner_wallet VARCHAR(58) NOT NULL,
    sticker_type VARCHAR(20) NOT NULL,
    nft_class VARCHAR(20),
    tx_id VARCHAR(64),
    delivery_status VARCHAR(20) NOT NULL,
    expires_at TIMESTAMP WITHOUT TIME ZONE,
    is_burned BOOLEAN NOT NULL,
    is_locked BOOLEAN NOT NULL,
    minted_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    FOREIGN KEY(template_id) REFERENCES sticker_templates (id)
);

CREATE UNIQUE INDEX ix_nfts_asset_id ON nfts (asset_id);

CREATE INDEX ix_nfts_owner_wallet ON nfts (owner_wallet);

CREATE TABLE transactions (
    id SERIAL NOT NULL,
    tx_id VARCHAR(64) NOT NULL,
    fan_wallet VARCHAR(58) NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    app_id INTEGER NOT NULL,
    amount_micro BIGINT NOT NULL,
    memo TEXT,
    processed BOOLEAN NOT NULL,
    detected_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    FOREIGN KEY(app_id) REFERENCES contracts (app_id)
);

CREATE UNIQUE INDEX ix_transactions_tx_id ON transactions (tx_id);

CREATE INDEX ix_transactions_fan_wallet ON transactions (fan_wallet);

CREATE INDEX ix_transactions_creator_wallet ON transactions (creator_wallet);

INSERT INTO alembic_version (version_num) VALUES ('7c2e91a4d0b3') RETURNING alembic_version.version_num;

COMMIT;

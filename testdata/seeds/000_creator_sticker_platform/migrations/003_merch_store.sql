-- Alembic offline SQL, backend/alembic/versions/e4d92b17c5a8_merch_store.py
-- Creator merch store: products, discount rules, orders paid on-chain in ALGO.
BEGIN;

-- Running upgrade b81f0c6e2a47 -> e4d92b17c5a8

CREATE TABLE products (
    id SERIAL NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    slug VARCHAR(100) NOT NULL,
    name VARCHAR(200) NOT NULL,
    description TEXT,
    image_ipfs_hash VARCHAR(100),
    price_algo FLOAT NOT NULL,
    currency VARCHAR(10) NOT NULL,
    max_per_order INTEGER NOT NULL,
    stock_quantity INTEGER,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE,
    updated_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    CONSTRAINT uq_product_creator_slug UNIQUE (creator_wallet, slug),
    FOREIGN KEY(creator_wallet) REFERENCES users (wallet_address)
);

CREATE INDEX ix_products_creator_wallet ON products (creator_wallet);

CREATE INDEX ix_products_slug ON products (slug);

CREATE TABLE discount_rules (
    id SERIAL NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    product_id INTEGER,
    discount_type VARCHAR(20) NOT NULL,
    value FLOAT NOT NULL,
    min_shawty_tokens INTEGER NOT NULL,
    requires_bauni BOOLEAN NOT NULL,
    max_uses_per_wallet INTEGER,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    FOREIGN KEY(creator_wallet) REFERENCES users (wallet_address),
    FOREIGN KEY(product_id) REFERENCES products (id)
);

CREATE INDEX ix_discount_rules_creator_wallet ON discount_rules (creator_wallet);

CREATE INDEX ix_discount_rules_product_id ON discount_rules (product_id);

CREATE TABLE orders (
    id SERIAL NOT NULL,
    fan_wallet VARCHAR(58) NOT NULL,
    creator_wallet VARCHAR(58) NOT NULL,
    status VARCHAR(30) NOT NULL,
    subtotal_algo FLOAT NOT NULL,
    discount_algo FLOAT NOT NULL,
    total_algo FLOAT NOT NULL,
    shawty_asset_ids_used TEXT,
    tx_id VARCHAR(64),
    created_at TIMESTAMP WITHOUT TIME ZONE,
    paid_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id)
);

CREATE INDEX ix_orders_fan_wallet ON orders (fan_wallet);

CREATE INDEX ix_orders_creator_wallet ON orders (creator_wallet);

CREATE TABLE order_items (
    id SERIAL NOT NULL,
    order_id INTEGER NOT NULL,
    product_id INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price_algo FLOAT NOT NULL,
    discount_algo FLOAT NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(order_id) REFERENCES orders (id),
    FOREIGN KEY(product_id) REFERENCES products (id)
);

CREATE INDEX ix_order_items_order_id ON order_items (order_id);

CREATE INDEX ix_order_items_product_id ON order_items (product_id);

UPDATE alembic_version SET version_num='e4d92b17c5a8' WHERE alembic_version.version_num = 'b81f0c6e2a47';

COMMIT;

-- Migration 012: dropshipping / reseller follows between shops
CREATE TABLE IF NOT EXISTS shop_follows (
    id SERIAL PRIMARY KEY,
    follower_shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    source_shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
    mode VARCHAR(20) CHECK (mode IN ('monitor', 'resell')),
    markup_percentage NUMERIC(5, 2) DEFAULT 0 CHECK (markup_percentage >= 0),
    status VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'paused', 'cancelled')),
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW(),
    CHECK (follower_shop_id <> source_shop_id),
    UNIQUE (follower_shop_id, source_shop_id)
);

CREATE TABLE IF NOT EXISTS synced_products (
    id SERIAL PRIMARY KEY,
    follow_id INTEGER NOT NULL REFERENCES shop_follows(id) ON DELETE CASCADE,
    synced_product_id INTEGER NOT NULL UNIQUE REFERENCES products(id) ON DELETE CASCADE,
    source_product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    last_synced_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    conflict_status VARCHAR(20) DEFAULT 'synced'
        CHECK (conflict_status IN ('synced', 'conflict', 'manual_override')),
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    CHECK (synced_product_id <> source_product_id),
    UNIQUE (follow_id, source_product_id)
);

CREATE INDEX IF NOT EXISTS idx_shop_follows_follower ON shop_follows(follower_shop_id);
CREATE INDEX IF NOT EXISTS idx_shop_follows_source ON shop_follows(source_shop_id);
CREATE INDEX IF NOT EXISTS idx_shop_follows_status ON shop_follows(status);

CREATE INDEX IF NOT EXISTS idx_synced_products_follow ON synced_products(follow_id);
CREATE INDEX IF NOT EXISTS idx_synced_products_synced ON synced_products(synced_product_id);
CREATE INDEX IF NOT EXISTS idx_synced_products_source ON synced_products(source_product_id);

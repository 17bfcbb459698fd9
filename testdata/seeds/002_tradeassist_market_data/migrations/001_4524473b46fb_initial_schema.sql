-- Alembic offline SQL (alembic upgrade 4524473b46fb --sql)
-- alembic/versions/4524473b46fb_initial_schema.py -- TradeAssist base schema
BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 4524473b46fb

CREATE TABLE instruments (
    id SERIAL NOT NULL,
    symbol VARCHAR(10) NOT NULL,
    name VARCHAR(100) NOT NULL,
    type VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL,
    last_tick TIMESTAMP WITHOUT TIME ZONE,
    created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL,
    updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL,
    PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_instruments_symbol ON instruments (symbol);

CREATE INDEX ix_instruments_type_status ON instruments (type, status);

CREATE TABLE market_data (
    id SERIAL NOT NULL,
    timestamp TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    instrument_id INTEGER NOT NULL,
    price DECIMAL(12, 4),
    volume INTEGER,
    bid DECIMAL(12, 4),
    ask DECIMAL(12, 4),
    bid_size INTEGER,
    ask_size INTEGER,
    open_price DECIMAL(12, 4),
    high_price DECIMAL(12, 4),
    low_price DECIMAL(12, 4),
    PRIMARY KEY (id),
    FOREIGN KEY(instrument_id) REFERENCES instruments (id) ON DELETE CASCADE
);

CREATE INDEX ix_market_data_timestamp_instrument ON market_data (timestamp, instrument_id);

CREATE INDEX ix_market_data_timestamp ON market_data (timestamp);

CREATE INDEX ix_market_data_instrument ON market_data (instrument_id);

CREATE INDEX ix_market_data_price ON market_data (price);

CREATE INDEX ix_market_data_latest ON market_data (instrument_id, timestamp, price);

CREATE TABLE alert_rules (
    id SERIAL NOT NULL,
    instrument_id INTEGER NOT NULL,
    name VARCHAR(100),
    description TEXT,
    rule_type VARCHAR(20) NOT NULL,
    condition VARCHAR(20) NOT NULL,
    threshold DECIMAL(12, 4) NOT NULL,
    active BOOLEAN NOT NULL,
    cooldown_seconds INTEGER NOT NULL,
    last_triggered TIMESTAMP WITHOUT TIME ZONE,
    created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL,
    updated_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now() NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY(instrument_id) REFERENCES instruments (id) ON DELETE CASCADE
);

CREATE INDEX ix_alert_rules_instrument_active ON alert_rules (instrument_id, active);

CREATE INDEX ix_alert_rules_rule_type ON alert_rules (rule_type);

CREATE TABLE alert_logs (
    id SERIAL NOT NULL,
    timestamp TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    rule_id INTEGER NOT NULL,
    instrument_id INTEGER NOT NULL,
    trigger_value DECIMAL(12, 4) NOT NULL,
    threshold_value DECIMAL(12, 4) NOT NULL,
    fired_status VARCHAR(20) NOT NULL,
    delivery_status VARCHAR(20) NOT NULL,
    evaluation_time_ms INTEGER,
    rule_condition VARCHAR(20) NOT NULL,
    alert_message TEXT,
    error_message TEXT,
    delivery_attempted_at TIMESTAMP WITHOUT TIME ZONE,
    delivery_completed_at TIMESTAMP WITHOUT TIME ZONE,
    PRIMARY KEY (id),
    FOREIGN KEY(rule_id) REFERENCES alert_rules (id) ON DELETE CASCADE,
    FOREIGN KEY(instrument_id) REFERENCES instruments (id) ON DELETE CASCADE
);

CREATE INDEX ix_alert_logs_timestamp ON alert_logs (timestamp);

CREATE INDEX ix_alert_logs_rule ON alert_logs (rule_id);

CREATE INDEX ix_alert_logs_instrument ON alert_logs (instrument_id);

CREATE INDEX ix_alert_logs_timestamp_instrument ON alert_logs (timestamp, instrument_id);

CREATE INDEX ix_alert_logs_timestamp_rule ON alert_logs (timestamp, rule_id);

CREATE INDEX ix_alert_logs_rule_timestamp ON alert_logs (rule_id, timestamp);

CREATE INDEX ix_alert_logs_fired_status ON alert_logs (fired_status);

CREATE INDEX ix_alert_logs_delivery_status ON alert_logs (delivery_status);

CREATE INDEX ix_alert_logs_evaluation_time ON alert_logs (evaluation_time_ms);

CREATE INDEX ix_alert_logs_recent ON alert_logs (timestamp, fired_status, instrument_id);

INSERT INTO alembic_version (version_num) VALUES ('4524473b46fb') RETURNING alembic_version.version_num;

COMMIT;

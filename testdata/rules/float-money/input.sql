CREATE TABLE market_data (
    id bigint PRIMARY KEY,
    price double precision NOT NULL,     -- fires
    bid_price real NOT NULL,             -- fires
    volume double precision NOT NULL,    -- silent: not money
    price_ratio float8 NOT NULL,         -- silent: a ratio
    amount numeric(18,6) NOT NULL        -- silent: exact
);
ALTER TABLE market_data ADD COLUMN fee float NOT NULL DEFAULT 0;     -- fires
ALTER TABLE market_data ADD COLUMN fx_rate double precision;         -- silent: a rate

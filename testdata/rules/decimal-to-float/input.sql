CREATE TABLE market_data (
    id bigint PRIMARY KEY,
    price numeric(12,4),
    trigger_value decimal(12,4),
    volume bigint,
    fee money,
    dropped_later numeric(10,2),
    restored numeric(10,2)
);
ALTER TABLE market_data
    ALTER COLUMN price TYPE FLOAT,                    -- fires
    ALTER COLUMN trigger_value SET DATA TYPE real;    -- fires
ALTER TABLE market_data ALTER COLUMN volume TYPE double precision;   -- silent: was an integer
ALTER TABLE market_data ALTER COLUMN fee TYPE float8 USING fee::numeric::float8;  -- fires
ALTER TABLE market_data ALTER COLUMN dropped_later TYPE float8;      -- silent: dropped below
ALTER TABLE market_data DROP COLUMN dropped_later;
ALTER TABLE market_data ALTER COLUMN restored TYPE float8;           -- silent: converted back
ALTER TABLE market_data ALTER COLUMN restored TYPE numeric(10,2);

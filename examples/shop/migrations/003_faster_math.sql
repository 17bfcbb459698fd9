-- "Floats are faster": the pricing service wants double precision.
ALTER TABLE products ALTER COLUMN price TYPE double precision;
ALTER TABLE products ADD COLUMN discount_rate real NOT NULL DEFAULT 0;

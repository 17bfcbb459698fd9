ALTER TABLE a RENAME COLUMN price TO unit_price;

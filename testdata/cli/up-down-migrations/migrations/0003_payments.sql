-- migrate:up
CREATE TABLE payments (id bigint PRIMARY KEY, amount real NOT NULL);

-- migrate:down
DROP TABLE payments;

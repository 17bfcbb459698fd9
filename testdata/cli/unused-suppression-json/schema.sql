-- dbl-ignore-file float-money
CREATE TABLE users (id bigint PRIMARY KEY);
-- dbl-ignore fk-without-index: small
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE INDEX ON orders (user_id);
CREATE TABLE carts (id bigint PRIMARY KEY, user_id bigint REFERENCES users, quantity numeric); -- dbl-ignore fk-without-index, nullable-money

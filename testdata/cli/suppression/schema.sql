-- dbl-ignore-file nullable-money
CREATE TABLE users (id bigint PRIMARY KEY);
-- dbl-ignore fk-without-index: a lookup table with ten rows
CREATE TABLE roles (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users, total numeric); -- dbl-ignore fk-without-index
CREATE TABLE carts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
-- dbl-ignore fk-without-indx, redundant-index: typo
CREATE TABLE wishlists (id bigint PRIMARY KEY, user_id bigint REFERENCES users);

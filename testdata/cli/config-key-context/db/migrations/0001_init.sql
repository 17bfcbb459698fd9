CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX ON orders (user_id);
CREATE TABLE carts (id bigint PRIMARY KEY, user_id bigint);

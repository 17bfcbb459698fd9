CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE TABLE carts (id bigint PRIMARY KEY, user_id bigint);
ALTER TABLE carts ADD FOREIGN KEY (user_id) REFERENCES carts (id);

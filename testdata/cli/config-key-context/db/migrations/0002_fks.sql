ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users;
ALTER TABLE carts ADD FOREIGN KEY (user_id) REFERENCES users;
CREATE TABLE float_prices (id bigint, price float);

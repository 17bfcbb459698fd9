CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE quotes (id bigint PRIMARY KEY, user_id bigint REFERENCES users, bid numeric(12,4), price numeric(12,2), shipping_fee numeric(8,2) , tip numeric(8,2));

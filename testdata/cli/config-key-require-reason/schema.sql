CREATE TABLE users (id bigint PRIMARY KEY);
-- dbl-ignore fk-without-index
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
-- dbl-ignore fk-without-index: ten rows, never deleted
CREATE TABLE roles (id bigint PRIMARY KEY, user_id bigint REFERENCES users);

CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE quotes (id bigint PRIMARY KEY, user_id bigint REFERENCES users, bid numeric(12,4));

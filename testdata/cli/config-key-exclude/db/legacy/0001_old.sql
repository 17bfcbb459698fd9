CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE old (id bigint, price float);

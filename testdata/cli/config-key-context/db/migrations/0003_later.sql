CREATE INDEX ON carts (user_id);
CREATE TABLE later (price float);

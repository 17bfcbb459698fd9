-- fires: the index that follows makes the suppression unnecessary
CREATE TABLE users (id bigint PRIMARY KEY);
-- dbl-ignore fk-without-index: small table
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE INDEX ON orders (user_id);

-- fires for one rule of two: only that rule is deleted
CREATE TABLE carts (id bigint PRIMARY KEY, user_id bigint REFERENCES users); -- dbl-ignore fk-without-index, float-money: legacy

-- fires: a whole-file suppression of a rule that never fires here
-- dbl-ignore-file decimal-to-float

-- does not fire: it suppresses a finding
-- dbl-ignore nullable-money: filled by a trigger
CREATE TABLE invoices (id bigint PRIMARY KEY, amount numeric(12,2));

-- does not fire: a trailing suppression on the statement's last line that suppresses its finding
CREATE TABLE wishlists (id bigint PRIMARY KEY,
  user_id bigint REFERENCES users); -- dbl-ignore fk-without-index: at most one per user

-- does not fire: two suppressions of one finding (before and at the end) are both used
-- dbl-ignore fk-without-index: reviewed
CREATE TABLE reviews (id bigint PRIMARY KEY, user_id bigint REFERENCES users); -- dbl-ignore fk-without-index: reviewed

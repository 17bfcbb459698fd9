CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE teams (id bigint, region text, PRIMARY KEY (id, region));

-- fires: inline REFERENCES, nothing indexes orders.user_id
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);

-- fires: the only index on the column is partial
CREATE TABLE invoices (id bigint PRIMARY KEY, user_id bigint, status text,
    CONSTRAINT invoices_user_fk FOREIGN KEY (user_id) REFERENCES users (id));
CREATE INDEX invoices_open_user_idx ON invoices (user_id) WHERE status = 'open';

-- fires: the FK column is second in the only index
CREATE TABLE payments (id bigint PRIMARY KEY, user_id bigint REFERENCES users, at timestamptz);
CREATE INDEX payments_at_user_idx ON payments (at, user_id);

-- fires: the covering index was dropped later
CREATE TABLE refunds (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE INDEX refunds_user_idx ON refunds (user_id);
DROP INDEX refunds_user_idx;

-- silent: a plain index
CREATE TABLE reviews (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE INDEX reviews_user_id_idx ON reviews (user_id);

-- silent: a composite FK whose columns lead an index in another order
CREATE TABLE members (team_id bigint, team_region text, user_id bigint REFERENCES users,
    PRIMARY KEY (user_id, team_region, team_id),
    FOREIGN KEY (team_id, team_region) REFERENCES teams (id, region));
CREATE INDEX members_team_idx ON members (team_region, team_id, user_id);

-- silent: covered by a UNIQUE constraint's index, added in a later ALTER
CREATE TABLE profiles (id bigint PRIMARY KEY, user_id bigint NOT NULL);
ALTER TABLE profiles ADD CONSTRAINT profiles_user_fk FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE profiles ADD CONSTRAINT profiles_user_key UNIQUE (user_id);

-- fires once: the generated fix name must not collide with orders_user_id_idx1's neighbour
CREATE TABLE carts (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE TABLE carts_user_id_idx (x int);

-- silent: "(column)", "(column COLLATE ...)" and a dropped cast are plain column keys
CREATE TABLE badges (id int PRIMARY KEY);
CREATE TABLE awards (badge_id int REFERENCES badges, giver_id int REFERENCES badges, note_id int REFERENCES badges);
CREATE INDEX awards_badge ON awards ((badge_id));
CREATE INDEX awards_giver ON awards ((giver_id::integer), badge_id);
-- fires: an expression over the column is not the column
CREATE INDEX awards_note ON awards ((note_id + 0));

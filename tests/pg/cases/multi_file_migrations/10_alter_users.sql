-- runs after 2_add_users.sql (natural order), so users exists
ALTER TABLE users ADD COLUMN email text NOT NULL;
CREATE INDEX ON users (account_id);

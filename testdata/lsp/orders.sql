CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    user_id bigint REFERENCES users (id),
    note text
);

CREATE INDEX orders_note_idx ON orders (note);

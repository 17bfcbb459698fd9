-- Expression and partial indexes: key columns and predicates as
-- pg_get_indexdef / pg_get_expr print them (casts, parentheses, operators).
CREATE TABLE users (
    id int PRIMARY KEY,
    email text NOT NULL,
    first_name text,
    last_name text,
    status text,
    deleted_at timestamptz,
    data jsonb,
    score int,
    bonus int,
    created date
);
CREATE UNIQUE INDEX users_email_lower ON users (lower(email));
CREATE INDEX ON users (lower(first_name), lower(last_name));
CREATE INDEX users_full_name ON users ((first_name || ' ' || last_name));
CREATE INDEX users_active ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_status ON users (status) WHERE status = 'active';
CREATE INDEX users_status_in ON users (id) WHERE status IN ('a', 'b');
CREATE INDEX users_data_id ON users ((data->>'id'));
CREATE INDEX users_data_path ON users ((data #>> '{a,b}'));
CREATE INDEX users_total ON users ((score + bonus));
CREATE INDEX users_score_cast ON users ((score::text));
CREATE INDEX users_coalesce ON users (coalesce(deleted_at, 'infinity'));
CREATE INDEX users_mixed ON users (id, lower(email), created) WHERE score > 10 AND bonus < 5;
CREATE INDEX users_date_trunc ON users (date_trunc('day', deleted_at AT TIME ZONE 'UTC'));
CREATE UNIQUE INDEX users_email_partial_unique ON users (email) WHERE NOT (status = 'deleted' OR status IS NULL);
CREATE INDEX users_where_bool ON users (id) WHERE data ? 'x';

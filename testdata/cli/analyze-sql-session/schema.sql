CREATE TABLE nodes (id bigint PRIMARY KEY, region text NOT NULL);
CREATE TABLE probe_results (
    id bigint PRIMARY KEY,
    node_id bigint NOT NULL REFERENCES nodes (id),
    ok boolean NOT NULL,
    spot_check boolean NOT NULL,
    created_at timestamptz NOT NULL
);

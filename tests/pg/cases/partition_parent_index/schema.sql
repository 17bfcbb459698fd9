-- Partitioned tables: PRIMARY KEY and indexes on the parent are created on
-- every partition with generated names, including partitions created or
-- attached later, sub-partitions and the DEFAULT partition.
CREATE TABLE events (
    id bigint NOT NULL,
    created_at date NOT NULL,
    kind text,
    payload jsonb,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);

CREATE TABLE events_2023 PARTITION OF events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE INDEX ON events (created_at);
CREATE INDEX events_kind_idx ON events (kind) WHERE kind IS NOT NULL;
CREATE UNIQUE INDEX events_id_created_kind ON events (id, created_at, kind);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;

-- attach an existing table: indexes are created for it (it has none)
CREATE TABLE events_2022 (
    id bigint NOT NULL,
    created_at date NOT NULL,
    kind text,
    payload jsonb
);
ALTER TABLE events ATTACH PARTITION events_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');

-- attach an existing table that already has a matching index: it is reused
CREATE TABLE events_2021 (LIKE events);
CREATE INDEX events_2021_by_created ON events_2021 (created_at);
ALTER TABLE events ATTACH PARTITION events_2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');

-- sub-partitioning
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY RANGE (created_at);
CREATE TABLE events_2025_h1 PARTITION OF events_2025 FOR VALUES FROM ('2025-01-01') TO ('2025-07-01');
CREATE TABLE events_2025_rest PARTITION OF events_2025 DEFAULT;

-- hash partitioning, column order of a partition follows the parent
CREATE TABLE h (k int, v text, PRIMARY KEY (k)) PARTITION BY HASH (k);
CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE INDEX h_v ON h (v);

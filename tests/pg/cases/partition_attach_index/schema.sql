-- CREATE INDEX ON ONLY the parent (invalid until every partition has an
-- attached index), CREATE INDEX on each partition, ALTER INDEX ... ATTACH
-- PARTITION (the pg_dump pattern). One parent index stays invalid.
CREATE TABLE m (
    id int NOT NULL,
    region text NOT NULL,
    v int
) PARTITION BY LIST (region);
CREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu');
CREATE TABLE m_us PARTITION OF m FOR VALUES IN ('us');

CREATE INDEX m_v_idx ON ONLY m (v);
CREATE INDEX m_eu_v_idx ON m_eu (v);
CREATE INDEX m_us_v_idx ON m_us (v);
ALTER INDEX m_v_idx ATTACH PARTITION m_eu_v_idx;
ALTER INDEX m_v_idx ATTACH PARTITION m_us_v_idx;

ALTER TABLE ONLY m ADD CONSTRAINT m_pkey PRIMARY KEY (id, region);
ALTER TABLE ONLY m_eu ADD CONSTRAINT m_eu_pkey PRIMARY KEY (id, region);
ALTER TABLE ONLY m_us ADD CONSTRAINT m_us_pkey PRIMARY KEY (id, region);
ALTER INDEX m_pkey ATTACH PARTITION m_eu_pkey;
ALTER INDEX m_pkey ATTACH PARTITION m_us_pkey;

-- stays invalid: only one of the two partitions gets an attached index
CREATE INDEX m_id_only ON ONLY m (id);
CREATE INDEX m_eu_id ON m_eu (id);
ALTER INDEX m_id_only ATTACH PARTITION m_eu_id;

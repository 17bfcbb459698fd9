-- Column types as format_type spells them, and ALTER COLUMN TYPE (indexes
-- on the column are rebuilt and keep their names).
CREATE TABLE t (
    a varchar(255),
    b numeric(12,2),
    c timestamptz,
    d integer[],
    e int4,
    f int8,
    g int2,
    h float4,
    i float8,
    j float(24),
    k float(25),
    l decimal,
    m decimal(5),
    n char,
    o char(3),
    p character varying,
    q timestamp(3),
    r time with time zone,
    s time(0),
    t interval,
    u bit(8),
    v varbit(16),
    w bool,
    x text[],
    y varchar(20)[],
    z int[][],
    aa timestamp without time zone,
    ab double precision,
    ac bytea,
    ad uuid,
    ae jsonb,
    af json,
    ag inet,
    ah cidr,
    ai macaddr,
    aj money,
    ak date,
    al interval day to second(2),
    am "char",
    an name,
    ao oid,
    ap tsvector,
    aq xml,
    ar numeric(10),
    as_ int4range,
    at point,
    au bigint[],
    av timestamptz(6)[]
);
CREATE INDEX t_e_idx ON t (e);

ALTER TABLE t ALTER COLUMN a TYPE text;
ALTER TABLE t ALTER COLUMN b TYPE numeric(14,4);
ALTER TABLE t ALTER COLUMN c TYPE timestamp USING c AT TIME ZONE 'UTC';
ALTER TABLE t ALTER COLUMN d TYPE bigint[];
ALTER TABLE t ALTER e TYPE bigint;
ALTER TABLE t ALTER COLUMN f SET DATA TYPE numeric(20,0);
ALTER TABLE t ALTER COLUMN p TYPE varchar(100);
ALTER TABLE t ALTER COLUMN x TYPE varchar(50)[];
ALTER TABLE t ALTER COLUMN g TYPE int USING g::int;

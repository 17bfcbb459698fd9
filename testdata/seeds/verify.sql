-- verify.sql: catalog-side oracle for the seed cases in testdata/seeds/.
--
-- Load one case's migrations (in natural name order, ON_ERROR_STOP=1) into an
-- empty database, then run this file in that database:
--
--   psql -X -v ON_ERROR_STOP=1 -d <db> -f testdata/seeds/verify.sql
--
-- It prints, from the real PostgreSQL catalog of the final state:
--   1. every fk-without-index finding
--   2. every redundant-index finding
--   3. (informational) an inventory of numeric/money-typed columns, to
--      cross-check the column rules by eye.
-- Objects are printed as schema.table / schema.table.index / schema.table.column
-- with identifiers unquoted (case preserved), which is the form EXPECTED.md uses.

\pset footer off
\pset tuples_only off

-- ---------------------------------------------------------------------------
-- 1. fk-without-index
--    A foreign key is covered when some valid, non-partial index on the
--    referencing table has, as its first n key columns (n = number of FK
--    columns, any order among those n), exactly the FK's column set.
--    Indexes backing PRIMARY KEY / UNIQUE constraints are ordinary pg_index
--    rows, so they count automatically. Expression key columns (attnum 0)
--    never match a column.
-- ---------------------------------------------------------------------------
\echo '== fk-without-index =='
WITH fk AS (
    SELECT con.oid, con.conname, con.conrelid, con.confrelid, con.conkey,
           cardinality(con.conkey) AS n
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace ns ON ns.oid = rel.relnamespace
    WHERE con.contype = 'f'
      AND ns.nspname NOT IN ('pg_catalog', 'information_schema')
      AND ns.nspname NOT LIKE 'pg_toast%'
)
SELECT format('%s.%s(%s) -> %s.%s',
              rn.nspname, r.relname,
              (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                 FROM unnest(fk.conkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = fk.conrelid AND a.attnum = k.attnum),
              fn.nspname, f.relname) AS finding,
       fk.conname AS constraint_name
FROM fk
JOIN pg_class r ON r.oid = fk.conrelid
JOIN pg_namespace rn ON rn.oid = r.relnamespace
JOIN pg_class f ON f.oid = fk.confrelid
JOIN pg_namespace fn ON fn.oid = f.relnamespace
WHERE NOT EXISTS (
    SELECT 1
    FROM pg_index i
    WHERE i.indrelid = fk.conrelid
      AND i.indisvalid
      AND i.indpred IS NULL
      AND i.indnkeyatts >= fk.n
      AND (SELECT array_agg(x ORDER BY x)
             FROM unnest((i.indkey::int2[])[0:fk.n - 1]) AS x)
          = (SELECT array_agg(y ORDER BY y) FROM unnest(fk.conkey) AS y)
)
ORDER BY 1;

-- ---------------------------------------------------------------------------
-- 2. redundant-index
--    Index A is redundant when another index B on the same table has
--      * the same access method and the same predicate (both NULL or equal),
--      * A's key a leading prefix of B's key (btree) or equal to it (others),
--        with the same column/expression, operator class, collation and
--        sort options (ASC/DESC, NULLS) at every position of A's key,
--      * A's INCLUDE columns all among B's columns (key or INCLUDE),
--      * A not backing a PRIMARY KEY / UNIQUE / EXCLUDE constraint,
--      * if A is unique: B unique with the same key.
--    Of two identical indexes (each redundant given the other) only the one
--    created later is reported; creation order = pg_class OID order, which is
--    monotonic for a fresh load.
-- ---------------------------------------------------------------------------
\echo '== redundant-index =='
WITH ix AS (
    SELECT i.indexrelid AS oid, i.indrelid, c.relam, i.indisunique,
           i.indnkeyatts AS nkey, i.indnatts AS natts,
           i.indkey::int2[] AS keys,          -- lower bound 0
           i.indclass::oid[] AS opclasses,    -- lower bound 0
           i.indcollation::oid[] AS collations,
           i.indoption::int2[] AS options,
           pg_get_expr(i.indpred, i.indrelid) AS pred,
           EXISTS (SELECT 1 FROM pg_constraint k
                    WHERE k.conindid = i.indexrelid
                      AND k.conrelid = i.indrelid
                      AND k.contype IN ('p', 'u', 'x')) AS backs_constraint
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace ns ON ns.oid = t.relnamespace
    WHERE ns.nspname NOT IN ('pg_catalog', 'information_schema')
      AND ns.nspname NOT LIKE 'pg_toast%'
),
-- covers(a, b): "a is redundant given b" per the definition above
covers AS (
    SELECT a.oid AS a_oid, b.oid AS b_oid
    FROM ix a
    JOIN ix b ON b.indrelid = a.indrelid AND b.oid <> a.oid
    JOIN pg_am am ON am.oid = a.relam
    WHERE a.relam = b.relam
      AND a.pred IS NOT DISTINCT FROM b.pred
      AND NOT a.backs_constraint
      AND (CASE WHEN am.amname = 'btree' THEN a.nkey <= b.nkey
                ELSE a.nkey = b.nkey END)
      AND NOT EXISTS (                       -- every key position of A matches B
            SELECT 1 FROM generate_series(0, a.nkey - 1) AS p
            WHERE a.keys[p] <> b.keys[p]
               OR a.opclasses[p] <> b.opclasses[p]
               OR a.collations[p] <> b.collations[p]
               OR a.options[p] <> b.options[p]
               OR (a.keys[p] = 0 AND
                   pg_get_indexdef(a.oid, p + 1, false)
                     IS DISTINCT FROM pg_get_indexdef(b.oid, p + 1, false)))
      AND NOT EXISTS (                       -- A's INCLUDE cols among B's cols
            SELECT 1 FROM generate_series(a.nkey, a.natts - 1) AS p
            WHERE NOT (a.keys[p] = ANY (b.keys)))
      AND (NOT a.indisunique OR (b.indisunique AND b.nkey = a.nkey))
)
SELECT format('%s.%s.%s', ns.nspname, t.relname, ca.relname) AS redundant_index,
       string_agg(format('%s.%s.%s', ns.nspname, t.relname, cb.relname), ' | '
                  ORDER BY cb.relname) AS covered_by
FROM covers cv
JOIN pg_class ca ON ca.oid = cv.a_oid
JOIN pg_class cb ON cb.oid = cv.b_oid
JOIN pg_index ia ON ia.indexrelid = cv.a_oid
JOIN pg_class t ON t.oid = ia.indrelid
JOIN pg_namespace ns ON ns.oid = t.relnamespace
WHERE NOT EXISTS (SELECT 1 FROM covers back       -- identical pair: keep the later one
                   WHERE back.a_oid = cv.b_oid AND back.b_oid = cv.a_oid
                     AND cv.a_oid < cv.b_oid)
GROUP BY 1
ORDER BY 1;

-- ---------------------------------------------------------------------------
-- 3. Informational: numeric / money / floating-point columns (and integer
--    columns with a money-ish name) of the final schema with their type and
--    nullability (column rules are judged by name
--    in EXPECTED.md; this list is for eyeballing only, it is not an oracle).
-- ---------------------------------------------------------------------------
\echo '== numeric columns (informational) =='
SELECT format('%s.%s.%s', ns.nspname, c.relname, a.attname) AS col,
       format_type(a.atttypid, a.atttypmod) AS type,
       CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'nullable' END AS nullability
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
JOIN pg_namespace ns ON ns.oid = c.relnamespace
WHERE ns.nspname NOT IN ('pg_catalog', 'information_schema')
  AND ns.nspname NOT LIKE 'pg_toast%'
  AND a.attnum > 0 AND NOT a.attisdropped
  AND (a.atttypid IN ('numeric'::regtype, 'money'::regtype, 'real'::regtype,
                      'double precision'::regtype)
       OR (a.atttypid IN ('integer'::regtype, 'bigint'::regtype, 'smallint'::regtype)
           AND a.attname ~* '(price|amount|total|cost|fee|balance|tax|payment|salary|revenue|refund|discount|charge|credit|debit|tipped)'))
ORDER BY 1;

-- findings.sql: the fk-without-index and redundant-index findings computed by
-- PostgreSQL over its own catalog, as a JSON list of {"rule", "object"}.
-- Run with `psql -XAtq -f findings.sql`; the output is one line of JSON.
--
-- Tables considered: the same set as catalog.sql (relkind r/p, no system
-- schemas, nothing owned by an extension), plus materialized views (relkind
-- m) for redundant-index: an index on a matview costs what an index on a
-- table costs, so dbl reports a redundant one there too (matviews have no
-- foreign keys, so fk-without-index is unchanged).
--
-- fk-without-index: a foreign key (contype 'f') on table T with n columns is
--   reported when no index on T is valid (indisvalid), non-partial (indpred
--   IS NULL) and has, as its first n key columns (indkey[0..n-1], plain
--   columns only), exactly the FK's column set, in any order.
--   object = {table, columns (FK order), references}.
--
-- redundant-index: index A on T is covered by another index B on T when
--   - same access method, same predicate (pg_get_expr text, or both none);
--   - A's key columns are a leading prefix of B's key columns (btree), or
--     exactly B's key columns (any other method): per position the same
--     indkey entry, the same pg_get_indexdef text (expression columns), the
--     same indclass (opclass), indcollation and indoption;
--   - every INCLUDE column of A is one of B's columns (key or INCLUDE);
--   - A backs no constraint (no pg_constraint with conindid = A and contype
--     p, u or x);
--   - if A is unique, B is unique with exactly the same key columns.
--   When A and B cover each other (identical indexes), only the later
--   created one (larger oid) is reported.
--   Every (A, B) pair is reported: an index covered by two indexes gives two
--   findings. object = {table, index, covered_by}.

WITH tabs AS (
    SELECT c.oid, n.nspname || '.' || c.relname AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'm')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%'
      AND n.nspname NOT LIKE 'pg\_temp\_%'
      AND NOT EXISTS (
          SELECT 1 FROM pg_depend d
          WHERE d.classid = 'pg_class'::regclass
            AND d.objid = c.oid
            AND d.deptype = 'e')
),
fks AS (
    SELECT co.oid, co.conrelid, co.conkey, t.name AS tname,
           rn.nspname || '.' || rc.relname AS refname,
           (SELECT array_agg(a.attname::text ORDER BY k.ord)
            FROM unnest(co.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum) AS colnames,
           (SELECT array_agg(x ORDER BY x) FROM unnest(co.conkey) AS x) AS sortedkey
    FROM pg_constraint co
    JOIN tabs t ON t.oid = co.conrelid
    JOIN pg_class rc ON rc.oid = co.confrelid
    JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE co.contype = 'f'
      -- not the internal per-partition clones of an FK that references a
      -- partitioned table (see catalog.sql)
      AND NOT EXISTS (
          SELECT 1 FROM pg_constraint pc
          WHERE pc.oid = co.conparentid AND pc.conrelid = co.conrelid)
),
fk_findings AS (
    SELECT f.*
    FROM fks f
    WHERE NOT EXISTS (
        SELECT 1
        FROM pg_index i
        WHERE i.indrelid = f.conrelid
          AND i.indisvalid
          AND i.indpred IS NULL
          AND i.indnkeyatts >= cardinality(f.conkey)
          AND (SELECT array_agg(i.indkey[p] ORDER BY i.indkey[p])
               FROM generate_series(0, cardinality(f.conkey) - 1) AS p) = f.sortedkey)
),
idx AS (
    SELECT i.indexrelid AS oid,
           i.indrelid,
           t.name AS tname,
           inn.nspname || '.' || ic.relname AS iname,
           ic.relam,
           am.amname,
           i.indisunique,
           i.indnkeyatts AS nk,
           pg_get_expr(i.indpred, i.indrelid, true) AS pred,
           -- 1-based arrays built from the 0-based int2vector/oidvector columns
           ARRAY(SELECT i.indkey[k] FROM generate_series(0, i.indnkeyatts - 1) AS k ORDER BY k) AS keys,
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k + 1, true) FROM generate_series(0, i.indnkeyatts - 1) AS k ORDER BY k) AS keytext,
           ARRAY(SELECT i.indclass[k] FROM generate_series(0, i.indnkeyatts - 1) AS k ORDER BY k) AS opclasses,
           ARRAY(SELECT i.indcollation[k] FROM generate_series(0, i.indnkeyatts - 1) AS k ORDER BY k) AS collations,
           ARRAY(SELECT i.indoption[k] FROM generate_series(0, i.indnkeyatts - 1) AS k ORDER BY k) AS options,
           ARRAY(SELECT i.indkey[k] FROM generate_series(i.indnkeyatts, i.indnatts - 1) AS k ORDER BY k) AS incl,
           EXISTS (SELECT 1 FROM pg_constraint c
                   WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')) AS backs_constraint
    FROM pg_index i
    JOIN tabs t ON t.oid = i.indrelid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_namespace inn ON inn.oid = ic.relnamespace
    JOIN pg_am am ON am.oid = ic.relam
),
covers AS (
    -- a is covered by b
    SELECT a.oid AS a_oid, b.oid AS b_oid, a.tname, a.iname, b.iname AS bname
    FROM idx a
    JOIN idx b ON b.indrelid = a.indrelid AND b.oid <> a.oid
    WHERE a.relam = b.relam
      AND a.pred IS NOT DISTINCT FROM b.pred
      AND CASE WHEN a.amname = 'btree' THEN a.nk <= b.nk ELSE a.nk = b.nk END
      AND a.keys = b.keys[1:a.nk]
      AND a.keytext = b.keytext[1:a.nk]
      AND a.opclasses = b.opclasses[1:a.nk]
      AND a.collations = b.collations[1:a.nk]
      AND a.options = b.options[1:a.nk]
      AND a.incl <@ (b.keys || b.incl)
      AND NOT a.backs_constraint
      AND (NOT a.indisunique OR (b.indisunique AND b.nk = a.nk))
),
redundant AS (
    SELECT c.*
    FROM covers c
    WHERE NOT EXISTS (
        SELECT 1 FROM covers r
        WHERE r.a_oid = c.b_oid AND r.b_oid = c.a_oid
          AND c.a_oid < c.b_oid)
),
findings AS (
    SELECT 'fk-without-index' AS rule,
           tname AS sort1,
           array_to_string(colnames, ',') || ' ' || refname AS sort2,
           json_build_object('table', tname,
                             'columns', to_json(colnames),
                             'references', refname) AS object
    FROM fk_findings
    UNION ALL
    SELECT 'redundant-index',
           tname,
           iname || ' ' || bname,
           json_build_object('table', tname,
                             'index', iname,
                             'covered_by', bname)
    FROM redundant
)
SELECT coalesce(json_agg(json_build_object('rule', rule, 'object', object)
                         ORDER BY rule, sort1 COLLATE "C", sort2 COLLATE "C"), '[]'::json)
FROM findings;

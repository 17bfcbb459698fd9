-- catalog.sql: PostgreSQL's own view of the schema, in the JSON shape that
-- `dbl catalog --format json` prints. Run with `psql -XAtq -f catalog.sql`;
-- the output is one line of JSON.
--
-- Contract (see tests/pg/README.md):
--   tables         relkind r (ordinary) and p (partitioned), partitions
--                  included; not in pg_catalog, information_schema, pg_toast*
--                  or pg_temp*; not owned by an extension (pg_depend 'e').
--                  Sorted by "schema.table" in byte order (COLLATE "C").
--   columns        attnum order, dropped and system columns left out; type is
--                  format_type(atttypid, atttypmod) under the session's
--                  search_path (run.py uses the database default, `public`).
--   indexes        sorted by name; name is schema-qualified; columns are the
--                  key columns, include the INCLUDE columns, each spelled as
--                  pg_get_indexdef(indexrelid, k, true); collations and
--                  opclasses are indcollation / indclass of each key column
--                  (pg_collation / pg_opclass names, schema-qualified outside
--                  pg_catalog; a key without collation is null); predicate is
--                  pg_get_expr(indpred, indrelid, true) or null.
--   foreign_keys   contype 'f', sorted by name; references is schema-qualified;
--                  columns/ref_columns are attribute names in constraint order.
--                  Left out: the internal clones PostgreSQL adds on the
--                  referencing table for each partition of a referenced
--                  partitioned table (conparentid points at a constraint on
--                  the same table).

WITH tabs AS (
    SELECT c.oid, n.nspname || '.' || c.relname AS name
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%'
      AND n.nspname NOT LIKE 'pg\_temp\_%'
      AND NOT EXISTS (
          SELECT 1 FROM pg_depend d
          WHERE d.classid = 'pg_class'::regclass
            AND d.objid = c.oid
            AND d.deptype = 'e')
)
SELECT json_build_object('tables', coalesce(json_agg(
    json_build_object(
        'name', t.name,
        'columns', (
            SELECT coalesce(json_agg(json_build_object(
                       'name', a.attname,
                       'type', format_type(a.atttypid, a.atttypmod),
                       'not_null', a.attnotnull)
                   ORDER BY a.attnum), '[]'::json)
            FROM pg_attribute a
            WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped),
        'indexes', (
            SELECT coalesce(json_agg(json_build_object(
                       'name', inn.nspname || '.' || ic.relname,
                       'unique', i.indisunique,
                       'method', am.amname,
                       'partial', i.indpred IS NOT NULL,
                       'columns', (
                           SELECT coalesce(json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k), '[]'::json)
                           FROM generate_series(1, i.indnkeyatts) AS k),
                       'collations', (
                           SELECT coalesce(json_agg(CASE WHEN co.oid IS NULL THEN NULL
                                                         WHEN con.nspname = 'pg_catalog' THEN co.collname::text
                                                         ELSE con.nspname || '.' || co.collname END
                                                    ORDER BY k), '[]'::json)
                           FROM generate_series(0, i.indnkeyatts - 1) AS k
                           LEFT JOIN pg_collation co ON co.oid = i.indcollation[k]
                           LEFT JOIN pg_namespace con ON con.oid = co.collnamespace),
                       'opclasses', (
                           SELECT coalesce(json_agg(CASE WHEN opn.nspname = 'pg_catalog' THEN op.opcname::text
                                                         ELSE opn.nspname || '.' || op.opcname END
                                                    ORDER BY k), '[]'::json)
                           FROM generate_series(0, i.indnkeyatts - 1) AS k
                           JOIN pg_opclass op ON op.oid = i.indclass[k]
                           JOIN pg_namespace opn ON opn.oid = op.opcnamespace),
                       'predicate', pg_get_expr(i.indpred, i.indrelid, true),
                       'include', (
                           SELECT coalesce(json_agg(pg_get_indexdef(i.indexrelid, k, true) ORDER BY k), '[]'::json)
                           FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k))
                   ORDER BY inn.nspname || '.' || ic.relname COLLATE "C"), '[]'::json)
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid
            JOIN pg_namespace inn ON inn.oid = ic.relnamespace
            JOIN pg_am am ON am.oid = ic.relam
            WHERE i.indrelid = t.oid),
        'foreign_keys', (
            SELECT coalesce(json_agg(json_build_object(
                       'name', co.conname,
                       'columns', (
                           SELECT json_agg(a.attname ORDER BY k.ord)
                           FROM unnest(co.conkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum),
                       'references', rn.nspname || '.' || rc.relname,
                       'ref_columns', (
                           SELECT json_agg(a.attname ORDER BY k.ord)
                           FROM unnest(co.confkey) WITH ORDINALITY AS k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum))
                   ORDER BY co.conname COLLATE "C", co.oid), '[]'::json)
            FROM pg_constraint co
            JOIN pg_class rc ON rc.oid = co.confrelid
            JOIN pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE co.conrelid = t.oid
              AND co.contype = 'f'
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint pc
                  WHERE pc.oid = co.conparentid AND pc.conrelid = co.conrelid))
    ) ORDER BY t.name COLLATE "C"), '[]'::json))
FROM tabs t;

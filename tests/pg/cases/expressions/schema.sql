-- Index expressions and predicates print as pg_get_indexdef / pg_get_expr(..., true):
-- pretty-mode parentheses, IN as = ANY (ARRAY[...]), SQL-syntax calls, constants
-- with the casts the column types give them.
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE e (
    i int, b bigint, n numeric(10,2), f float8, r real, t text, v varchar(20), c char(3),
    ts timestamptz, d date, j jsonb, js json, m mood, bo bool, u uuid, a int[]
);
CREATE INDEX e_arith ON e ((i * 2 + 1), (i + 2 * 3), (i - (2 - 1)), ((i + 1) * 2), (- i));
CREATE INDEX e_concat ON e ((t || 'x' || v));
CREATE INDEX e_calls ON e (lower(v), upper(c), lower(t), COALESCE(t, 'none'), NULLIF(i, 0), GREATEST(i, 2));
CREATE INDEX e_sql_syntax ON e (trim(t), trim(leading 'x' from t), substring(t from 1 for 2), position('a' in t));
CREATE INDEX e_tz ON e (date_trunc('day', ts AT TIME ZONE 'UTC'));
CREATE INDEX e_json ON e ((j -> 'a' ->> 'b'), (j #> '{a}'), (js ->> 'a')) WHERE j ? 'a' AND j ?| array['a', 'b'];
CREATE INDEX e_casts ON e ((i::text), (t::int), (v::text), ((i + 1)::text), (CAST(i AS bigint)), (a[1]));
CREATE INDEX e_num ON e (i) WHERE n > 0 AND f <> 0 AND r > 0 AND b > 0 AND i > -1 AND n > 1.5 AND f > 1.5 AND i = 5000000000;
CREATE INDEX e_cmp ON e (i) WHERE v = 'a' AND c = 'b' AND m = 'happy' AND u = '00000000-0000-0000-0000-000000000000';
CREATE INDEX e_in ON e (i) WHERE t IN ('a', 'b') AND i IN (1, 2) AND t NOT IN ('c') AND i NOT IN (3, 4) AND i = ANY (ARRAY[5, 6]);
CREATE INDEX e_bool ON e (i) WHERE NOT bo AND NOT (bo OR i IS NULL) AND (bo OR i > 1) AND i BETWEEN 1 AND 3;
CREATE INDEX e_like ON e (i) WHERE t LIKE 'a%' AND t NOT ILIKE 'b' AND t IS DISTINCT FROM 'x' AND i IS NOT DISTINCT FROM 2;
CREATE INDEX e_tests ON e (i) WHERE bo IS TRUE AND bo IS NOT FALSE AND (i + 1) IS NOT NULL AND v ~* 'r';
CREATE INDEX e_literal_casts ON e (i) WHERE f <> 0::float AND n > 1::numeric AND i > 5::int AND b > 5::bigint AND ts > '2020-01-01 00:00:00+00'::timestamptz;
CREATE INDEX e_in_varchar ON e (i) WHERE v IN ('a', 'b') AND c IN ('x', 'y') AND v NOT IN ('z');

/* n_plus_one.c - the rules `dbl analyze` reports from query logs: loops, repeated queries, missing indexes. */
#include "rules/rule.h"

const dbl_rule dbl_rule_n_plus_one = {
    .name = "n-plus-one",
    .severity = DBL_SEV_WARNING,
    .summary = "a query shape issued in a loop: the same statement with different constants, once per row of "
               "an earlier result, in one session",
    .rationale = "Each iteration pays a round trip, a parse or bind, a plan and an executor start-up, so a page "
                 "that shows 200 rows runs 201 queries and its latency grows with the data. The database sees "
                 "many cheap queries instead of one efficient one, and connection pools fill with them. Found by "
                 "`dbl analyze` in PostgreSQL's logs (log_statement = all or log_min_duration_statement = 0): "
                 "executions of one shape in one session, back to back, after the query whose rows drove the "
                 "loop. A loop body of several statements is one finding; an inner loop of a nested loop is its "
                 "own finding with its own parent.",
    .bad = "-- logged:\nSELECT id FROM orders WHERE user_id = 42;\n"
           "SELECT * FROM order_items WHERE order_id = 1;\n"
           "SELECT * FROM order_items WHERE order_id = 2;\n"
           "SELECT * FROM order_items WHERE order_id = 3;",
    .good = "-- logged:\nSELECT id FROM orders WHERE user_id = 42;\n"
            "SELECT * FROM order_items WHERE order_id = ANY('{1,2,3}');",
    .fix = "fetch every iteration's rows in one query (`WHERE col = ANY($1)` with the parent's keys), or join "
           "the query to its parent; write many rows with one multi-row INSERT or INSERT ... SELECT FROM unnest()",
    .logs = true,
    .object_keys = "fingerprint, query, count, bursts, longest_burst, session, pid, parent_query, body, "
                   "occurrences, total_ms",
};

const dbl_rule dbl_rule_repeated_query = {
    .name = "repeated-query",
    .severity = DBL_SEV_INFO,
    .summary = "the same statement with the same constants run several times back to back in one session",
    .rationale = "Running an identical query again returns the same rows at the same cost: the application "
                 "is missing a cache or re-reads what it already holds. It is not an N+1 (nothing varies per "
                 "row), but it is time spent for nothing. Found by `dbl analyze` in query logs.",
    .bad = "-- logged:\nSELECT * FROM products WHERE id = 77;\nSELECT * FROM products WHERE id = 77;\n"
           "SELECT * FROM products WHERE id = 77;",
    .good = "-- logged:\nSELECT * FROM products WHERE id = 77;",
    .fix = "run the query once and reuse its result (a request-level cache)",
    .logs = true,
    .object_keys = "fingerprint, query, count, bursts, session, pid",
};

const dbl_rule dbl_rule_missing_index = {
    .name = "missing-index",
    .severity = DBL_SEV_WARNING,
    .summary = "logged queries filter, join or sort on a column that no index serves",
    .rationale = "Without an index PostgreSQL reads the whole table for every such query, so its cost grows "
                 "with the table and the queries that run most become the slowest part of the database. Found "
                 "by `dbl analyze --schema` from the query shapes in the log and the indexes in the schema; "
                 "ranked by the time (or the calls) the queries took.",
    .bad = "CREATE TABLE likes (account_id bigint, post_id bigint, PRIMARY KEY (account_id, post_id));\n"
           "-- logged:\nSELECT count(*) FROM likes WHERE post_id = 42;",
    .good = "CREATE TABLE likes (account_id bigint, post_id bigint, PRIMARY KEY (account_id, post_id));\n"
            "CREATE INDEX likes_post_id_idx ON likes (post_id);\n"
            "-- logged:\nSELECT count(*) FROM likes WHERE post_id = 42;",
    .fix = "create the suggested index; CONCURRENTLY avoids blocking writes on a live table",
    .logs = true,
    .object_keys = "table, columns, queries, calls, total_ms, index, resolves",
};

const dbl_rule dbl_rule_missing_composite_index = {
    .name = "missing-composite-index",
    .severity = DBL_SEV_WARNING,
    .summary = "logged queries whose filter and sort columns on a table are not served by any index",
    .rationale = "An index on one of the columns lets PostgreSQL find candidate rows but still filter and sort "
                 "them; an index with the equality columns first and the range or sort column after finds "
                 "exactly the rows, already in order, and a LIMIT stops early. Found by `dbl analyze --schema` "
                 "from the query shapes in the log and the indexes in the schema.",
    .bad = "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status text, created_at timestamptz);\n"
           "CREATE INDEX orders_user_id_idx ON orders (user_id);\n"
           "-- logged:\nSELECT * FROM orders WHERE user_id = 1 AND status = 'paid' ORDER BY created_at DESC LIMIT 20;",
    .good = "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, status text, created_at timestamptz);\n"
            "CREATE INDEX orders_user_id_status_created_at_idx ON orders (user_id, status, created_at);\n"
            "-- logged:\nSELECT * FROM orders WHERE user_id = 1 AND status = 'paid' ORDER BY created_at DESC LIMIT 20;",
    .fix = "create the suggested index (equality columns first, then the range or sort columns); the shorter "
           "index it makes redundant can then be dropped",
    .logs = true,
    .object_keys = "table, columns, queries, calls, total_ms, index, resolves",
};

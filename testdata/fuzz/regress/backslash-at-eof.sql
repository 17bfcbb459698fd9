CREATE TABLE t (price real)
\
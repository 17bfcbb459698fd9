CREATE TABLE t (price real);
\copy t FROM stdin
1.0
\.
\copy t from pstdin with csv
2

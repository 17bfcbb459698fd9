CREATE TABLE t (id int, price real);
COPY t (id, price) FROM stdin;
1	10.5
2	-- not a comment; CREATE TABLE x (y int);

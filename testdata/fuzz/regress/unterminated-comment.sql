CREATE TABLE t (price real);
/* /* nested */ still open
CREATE TABLE u (id int);

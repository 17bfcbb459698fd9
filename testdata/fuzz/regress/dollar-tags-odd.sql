SELECT $1$, $$, $a$b$a$, $_$ $_$;
CREATE TABLE t (price real DEFAULT $$1$$::real);
$$
CREATE TABLE t (price real);
CREATE FUNCTION f() RETURNS int AS $body$
  SELECT 1;
$bod$ LANGUAGE sql;
CREATE TABLE u (id int);

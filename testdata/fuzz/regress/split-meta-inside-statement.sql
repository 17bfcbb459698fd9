x
\set a 1
select 1;
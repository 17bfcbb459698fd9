copy t from stdin with (
create table x (a int);
1
\.
select 1;

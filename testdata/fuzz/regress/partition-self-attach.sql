
create table idxpart()partition by g(a);
alter table idxpart attach partition idxpartœfor values from(0)to(0);drop table idxpart
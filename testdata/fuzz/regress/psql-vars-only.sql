:foo;
:'bar' :"baz";
:a:b::c;
CREATE TABLE :"schema".:tbl (price :ty);

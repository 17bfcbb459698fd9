/* unit_script.c - the psql-aware statement splitter. */
#include <stdlib.h>

#include "lint/script.h"
#include "tests/harness.h"

/* Splits text and renders the segments as "S:<text>|M:<text>|C:<text>". */
static char *S_render(const char *text)
{
    dbl_segment_list segs = {0};
    dbl_script_split(text, (uint32_t)strlen(text), &segs);
    dbl_buf b = {0};
    for (uint32_t i = 0; i < segs.size; i++) {
        const dbl_segment *s = &segs.items[i];
        dbl_buf_printf(&b, "%s%c%s:", i ? "|" : "", "SMC"[s->kind], s->has_psql_vars ? "v" : "");
        dbl_buf_append(&b, text + s->start, s->end - s->start);
    }
    char *r = dbl_strdup(dbl_buf_str(&b));
    dbl_buf_free(&b);
    dbl_array_free(&segs);
    return r;
}

static void S_case(const char *text, const char *want, const char *what)
{
    char *got = S_render(text);
    STR_EQ(got, want, what);
    dbl_free(got);
}

int main(void)
{
    S_case("select 1; select 2;", "S:select 1;|S:select 2;", "two statements");
    S_case("  -- c\n select 1 ; ; ", "S:select 1 ;", "leading comment and empty statement");
    S_case("select ';' as a; select 2", "S:select ';' as a;|S:select 2", "quoted semicolon, no final ;");
    S_case("select E'\\';'; select 1;", "S:select E'\\';';|S:select 1;", "escape string");
    S_case("select 'a''b;'; x;", "S:select 'a''b;';|S:x;", "doubled quote");
    S_case("create function f() returns int as $$ select 1; $$ language sql; select 2;",
           "S:create function f() returns int as $$ select 1; $$ language sql;|S:select 2;", "dollar quote");
    S_case("do $body$ begin perform 1; end $body$; x;", "S:do $body$ begin perform 1; end $body$;|S:x;",
           "tagged dollar quote");
    S_case("select $1; select a$b;", "S:select $1;|S:select a$b;", "parameters and $ in identifiers");
    S_case("create function f() returns int language sql begin atomic select 1; select 2; end; select 3;",
           "S:create function f() returns int language sql begin atomic select 1; select 2; end;|S:select 3;",
           "BEGIN ATOMIC body");
    S_case("create or replace procedure p() begin atomic select case when true then 1 end; end; x;",
           "S:create or replace procedure p() begin atomic select case when true then 1 end; end;|S:x;",
           "CASE inside BEGIN ATOMIC");
    S_case("begin; select 1; end;", "S:begin;|S:select 1;|S:end;", "transaction BEGIN is not a body");
    S_case("create rule r as on insert to t do also (select 1; select 2); x;",
           "S:create rule r as on insert to t do also (select 1; select 2);|S:x;", "semicolons in parentheses");
    S_case("create rule r as on update to t do instead (insert into u values (1); notify n); x;",
           "S:create rule r as on update to t do instead (insert into u values (1); notify n);|S:x;",
           "a rule's action list holds parentheses of its own");
    S_case("create table t (id int, name text\n;\ncreate table u (id int);",
           "S:create table t (id int, name text\n;|S:create table u (id int);", "a missing ) ends at the ;");
    S_case("create index on t (a; select 1;", "S:create index on t (a;|S:select 1;", "a missing ) in an index");
    S_case("create rule r as on insert to t do also (insert into u values (1; select 2); x;",
           "S:create rule r as on insert to t do also (insert into u values (1;|S:select 2);|S:x;",
           "a missing ) inside a rule's action list");
    S_case("create table t (id int,\ncreate table u (id int);",
           "S:create table t (id int,\n|S:create table u (id int);", "a line starting CREATE ends an unclosed statement");
    S_case("create table t (a int) with (\n  create = 1);", "S:create table t (a int) with (\n  create = 1);",
           "CREATE as an option name stays inside");
    S_case("select * from (select 1 as\ncreate) s;", "S:select * from (select 1 as\ncreate) s;", "CREATE as a label stays inside");
    S_case("select (t.\ncreate) from t;", "S:select (t.\ncreate) from t;", "CREATE after a dot stays inside");
    S_case("create table t (id int, x int\n  CREATE INDEX i ON t (x);",
           "S:create table t (id int, x int\n  |S:CREATE INDEX i ON t (x);", "indented CREATE");
    S_case("copy t from stdin with (\ncreate table x (a int);\n1\n\\.\nselect 1;",
           "S:copy t from stdin with (\ncreate table x (a int);|C:1\n\\.|S:select 1;",
           "an unclosed COPY FROM STDIN keeps its data after it");
    S_case("insert into t values ('(;'); select \"(\";", "S:insert into t values ('(;');|S:select \"(\";",
           "parentheses in quotes do not count");
    S_case("insert into t select * from x where a in (select 1 on conflict do nothing; select 2;",
           "S:insert into t select * from x where a in (select 1 on conflict do nothing;|S:select 2;",
           "DO not followed by ( opens no action list");
    S_case("\\set x 1\nselect :x;\n\\c db\n", "M:\\set x 1|Sv:select :x;|M:\\c db", "meta-commands and variables");
    S_case("select :'v', :\"w\", a::int;", "Sv:select :'v', :\"w\", a::int;", "quoted variables, casts are not");
    S_case("select 1 \\gset\nselect 2;", "S:select 1 |M:\\gset|S:select 2;", "\\gset ends the statement");
    S_case("copy t (a) from stdin;\n1\n2;3\n\\.\nselect 1;",
           "S:copy t (a) from stdin;|C:1\n2;3\n\\.|S:select 1;", "COPY data block");
    S_case("COPY t FROM STDIN WITH (FORMAT csv);\r\na\r\n\\.\r\nx;",
           "S:COPY t FROM STDIN WITH (FORMAT csv);|C:a\r\n\\.\r|S:x;", "COPY with CRLF line ends");
    S_case("copy t to stdout; select 1;", "S:copy t to stdout;|S:select 1;", "COPY TO has no data");
    S_case("\\copy t from stdin\nrow\n\\.\nselect 1;", "M:\\copy t from stdin|C:row\n\\.|S:select 1;", "\\copy data");
    S_case("select /* a; /* nested; */ b; */ 1;", "S:select /* a; /* nested; */ b; */ 1;", "nested comments");
    S_case("select 'unterminated;", "S:select 'unterminated;", "unterminated string runs to the end");
    S_case("select $$unterminated; x;", "S:select $$unterminated; x;", "unterminated dollar quote");
    S_case("", "", "empty input");
    return harness_summary();
}

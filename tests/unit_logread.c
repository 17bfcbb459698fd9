/* unit_logread.c - the log reader: formats, prefix escapes, messages, sessions, malformed input. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "analyzer/logread.h"
#include "lint/hmap.h"
#include "tests/harness.h"

/* Events rendered one per line:
 *   S <session> L<line>-<end_line> "<text>" [name=..] [params=..] [prep=..] [d=..] [failed]
 *   B <session> L<line> [user/db/app]   (session start)
 *   E <session> L<line>                 (session end) */
typedef struct collect {
    dbl_buf out;
    dbl_logev last; /* scalars of the last statement */
    char user[64], db[64], app[64], text[64];
} collect;

static void on_event(void *ud, const dbl_logev *ev)
{
    collect *c = ud;
    dbl_buf *b = &c->out;
    switch (ev->kind) {
    case DBL_LOGEV_STATEMENT:
        dbl_buf_printf(b, "S %s L%llu-%llu \"%s\"", ev->session, (unsigned long long)ev->line,
                       (unsigned long long)ev->end_line, ev->text);
        if (ev->stmt_name)
            dbl_buf_printf(b, " name=%s", ev->stmt_name);
        if (ev->params)
            dbl_buf_printf(b, " params=%s", ev->params);
        if (ev->prepared)
            dbl_buf_printf(b, " prep=%s", ev->prepared);
        if (ev->duration_ms >= 0)
            dbl_buf_printf(b, " d=%.3f", ev->duration_ms);
        if (ev->failed)
            dbl_buf_puts(b, " failed");
        c->last = *ev;
        snprintf(c->text, sizeof c->text, "%s", ev->text);
        snprintf(c->user, sizeof c->user, "%s", ev->user ? ev->user : "-");
        snprintf(c->db, sizeof c->db, "%s", ev->database ? ev->database : "-");
        snprintf(c->app, sizeof c->app, "%s", ev->application ? ev->application : "-");
        break;
    case DBL_LOGEV_SESSION_START:
        dbl_buf_printf(b, "B %s L%llu %s/%s/%s", ev->session, (unsigned long long)ev->line,
                       ev->user ? ev->user : "-", ev->database ? ev->database : "-",
                       ev->application ? ev->application : "-");
        break;
    case DBL_LOGEV_SESSION_END:
        dbl_buf_printf(b, "E %s L%llu", ev->session, (unsigned long long)ev->line);
        break;
    }
    dbl_buf_putc(b, '\n');
}

typedef struct run {
    collect c;
    dbl_logstats st;
    dbl_logfmt fmt;
} run;

/* Reads text as file name (format fmt, prefix px) and keeps the events and stats. */
static void read_text(run *rn, const char *name, const char *text, size_t len, dbl_logfmt fmt, const char *px)
{
    memset(rn, 0, sizeof *rn);
    dbl_logread_opts o = {0};
    o.format = fmt;
    o.line_prefix = px;
    dbl_logreader *r = dbl_logreader_new(&o, on_event, &rn->c);
    dbl_logreader_read_mem(r, name, text, len);
    dbl_logreader_finish(r);
    rn->st = *dbl_logreader_stats(r);
    rn->fmt = dbl_logreader_file_format(r, 0);
    dbl_logreader_free(r);
}

static void run_free(run *rn)
{
    dbl_buf_free(&rn->c.out);
}

/* Checks the rendered events of text. */
static void expect(const char *what, const char *name, const char *text, const char *px, const char *want)
{
    run rn;
    read_text(&rn, name, text, strlen(text), DBL_LOGFMT_AUTO, px);
    STR_EQ(dbl_buf_str(&rn.c.out), want, what);
    run_free(&rn);
}

static uint64_t skipped(const run *rn, dbl_logskip_kind k)
{
    return rn->st.skipped[k].count;
}

#define P "2026-11-23 23:01:23.135 UTC [26214] shop_web@shop "

static void test_stderr_statements(void)
{
    expect("simple statements and a multi-line one", "a.log",
           P "LOG:  statement: SELECT 1\n"
           P "LOG:  statement: SELECT a,\n\t  b\n\tFROM t\n"
           P "LOG:  statement: COMMIT\n",
           NULL,
           "S 26214 L1-1 \"SELECT 1\"\n"
           "S 26214 L2-4 \"SELECT a,\n  b\nFROM t\"\n"
           "S 26214 L5-5 \"COMMIT\"\n");
    expect("a byte order mark", "a.log", "\xEF\xBB\xBF" P "LOG:  statement: SELECT 1\r\n", NULL,
           "S 26214 L1-1 \"SELECT 1\"\n");
    expect("duration mode", "a.log",
           P "LOG:  duration: 0.123 ms  statement: SELECT 1\n",
           NULL, "S 26214 L1-1 \"SELECT 1\" d=0.123\n");
    expect("log_duration: the duration record completes the statement", "a.log",
           P "LOG:  statement: SELECT 1\n" P "LOG:  duration: 2.500 ms\n" P "LOG:  statement: SELECT 2\n",
           NULL, "S 26214 L1-1 \"SELECT 1\" d=2.500\nS 26214 L3-3 \"SELECT 2\"\n");
    expect("extended protocol, log_statement=all", "a.log",
           P "LOG:  execute <unnamed>: SELECT * FROM t WHERE id = $1\n"
           P "DETAIL:  parameters: $1 = '42'\n"
           P "LOG:  execute S_1: SELECT $1\n"
           P "DETAIL:  parameters: $1 = 'a\n\tb'\n",
           NULL,
           "S 26214 L1-2 \"SELECT * FROM t WHERE id = $1\" name= params=$1 = '42'\n"
           "S 26214 L3-5 \"SELECT $1\" name=S_1 params=$1 = 'a\nb'\n");
    expect("extended protocol, durations: parse + bind + execute is one execution", "a.log",
           P "LOG:  duration: 0.500 ms  parse <unnamed>: SELECT $1\n"
           P "LOG:  duration: 0.250 ms  bind <unnamed>: SELECT $1\n"
           P "DETAIL:  parameters: $1 = '1'\n"
           P "LOG:  duration: 0.125 ms  execute <unnamed>: SELECT $1\n"
           P "DETAIL:  parameters: $1 = '1'\n"
           P "LOG:  duration: 1.000 ms  parse S_1: SELECT $1\n"
           P "LOG:  duration: 0.100 ms  bind S_1/C_1: SELECT $1\n"
           P "DETAIL:  parameters: $1 = '2'\n"
           P "LOG:  duration: 0.010 ms  execute S_1/C_1: SELECT $1\n"
           P "DETAIL:  parameters: $1 = '2'\n"
           P "LOG:  duration: 0.100 ms  bind S_1: SELECT $1\n"
           P "LOG:  duration: 0.010 ms  execute S_1: SELECT $1\n",
           NULL,
           "S 26214 L4-5 \"SELECT $1\" name= params=$1 = '1' d=0.875\n"
           "S 26214 L9-10 \"SELECT $1\" name=S_1 params=$1 = '2' d=1.110\n"
           "S 26214 L12-12 \"SELECT $1\" name=S_1 d=0.110\n");
    expect("log_statement=all with durations: execute, then its duration", "a.log",
           P "LOG:  duration: 0.500 ms  parse <unnamed>: SELECT 1\n"
           P "LOG:  duration: 0.250 ms  bind <unnamed>: SELECT 1\n"
           P "LOG:  execute <unnamed>: SELECT 1\n"
           P "LOG:  duration: 0.125 ms\n",
           NULL, "S 26214 L3-3 \"SELECT 1\" name= d=0.875\n");
    expect("execute fetch from: more rows of the same execution", "a.log",
           P "LOG:  duration: 1.000 ms  execute C_1/P_1: SELECT * FROM big\n"
           P "LOG:  duration: 2.000 ms  execute fetch from C_1/P_1: SELECT * FROM big\n",
           NULL, "S 26214 L1-2 \"SELECT * FROM big\" name=C_1 d=3.000\n");
    expect("SQL-level EXECUTE with its PREPARE", "a.log",
           P "LOG:  statement: PREPARE q(bigint) AS SELECT * FROM t WHERE id = $1\n"
           P "LOG:  statement: EXECUTE q(42)\n"
           P "DETAIL:  prepare: PREPARE q(bigint) AS SELECT * FROM t WHERE id = $1\n"
           P "LOG:  duration: 0.100 ms  statement: execute \"Q x\"(1, 'a')\n"
           P "DETAIL:  prepare: prepare \"Q x\" (int, text)\n\tas\n\tSELECT $1, $2\n",
           NULL,
           "S 26214 L1-1 \"PREPARE q(bigint) AS SELECT * FROM t WHERE id = $1\"\n"
           "S 26214 L2-3 \"EXECUTE q(42)\" prep=SELECT * FROM t WHERE id = $1\n"
           "S 26214 L4-7 \"execute \"Q x\"(1, 'a')\" prep=SELECT $1, $2 d=0.100\n");
}

static void test_stderr_errors(void)
{
    expect("log_statement=all: a failing statement is one failed execution", "a.log",
           P "LOG:  statement: INSERT INTO t VALUES (1)\n"
           P "ERROR:  duplicate key value violates unique constraint \"t_pkey\"\n"
           P "DETAIL:  Key (id)=(1) already exists.\n"
           P "STATEMENT:  INSERT INTO t VALUES (1)\n"
           P "LOG:  statement: ROLLBACK\n",
           NULL, "S 26214 L1-1 \"INSERT INTO t VALUES (1)\" failed\nS 26214 L5-5 \"ROLLBACK\"\n");
    expect("a notice before the error does not end the execution", "a.log",
           P "LOG:  statement: SELECT f()\n"
           P "NOTICE:  working\n"
           P "ERROR:  boom\n"
           P "STATEMENT:  SELECT f()\n",
           NULL, "S 26214 L1-1 \"SELECT f()\" failed\n");
    expect("duration mode: the ERROR record is the execution", "a.log",
           P "LOG:  duration: 0.100 ms  statement: INSERT INTO t VALUES (1)\n"
           P "ERROR:  duplicate key value violates unique constraint \"t_pkey\"\n"
           P "DETAIL:  Key (id)=(1) already exists.\n"
           P "STATEMENT:  INSERT INTO t VALUES (1)\n",
           NULL, "S 26214 L1-1 \"INSERT INTO t VALUES (1)\" d=0.100\nS 26214 L2-4 \"INSERT INTO t VALUES (1)\" failed\n");
    expect("a syntax error is never logged as a statement first", "a.log",
           P "LOG:  statement: SELECT 1\n"
           P "ERROR:  syntax error at or near \"FORM\" at character 10\n"
           P "STATEMENT:  SELECT * FORM t\n",
           NULL, "S 26214 L1-1 \"SELECT 1\"\nS 26214 L2-3 \"SELECT * FORM t\" failed\n");
    expect("an ERROR without STATEMENT after a logged statement", "a.log",
           P "LOG:  statement: SELECT 1/0\n" P "ERROR:  division by zero\n",
           NULL, "S 26214 L1-1 \"SELECT 1/0\" failed\n");
    run rn;
    const char *t = P "WARNING:  there is no transaction in progress\n" P "FATAL:  terminating connection\n";
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(skipped(&rn, DBL_SKIP_ERROR), 2, "warnings and fatals are errors");
    INT_EQ(rn.st.statements, 0, "no statement");
    run_free(&rn);
}

static void test_sessions(void)
{
    expect("connections: start, end, and a reused pid", "a.log",
           "2026-11-23 23:01:23.212 UTC [7] [unknown]@[unknown] LOG:  connection received: host=[local]\n"
           "2026-11-23 23:01:23.213 UTC [7] u@d LOG:  connection authorized: user=u database=d application_name=my app\n"
           "2026-11-23 23:01:23.214 UTC [7] u@d LOG:  statement: SELECT 1\n"
           "2026-11-23 23:01:23.215 UTC [7] u@d LOG:  disconnection: session time: 0:00:00.003 user=u database=d host=[local]\n"
           "2026-11-23 23:01:24.212 UTC [7] [unknown]@[unknown] LOG:  connection received: host=[local]\n"
           "2026-11-23 23:01:24.213 UTC [7] v@d LOG:  connection authorized: user=v database=d application_name=x SSL enabled (protocol=TLSv1.3)\n"
           "2026-11-23 23:01:24.214 UTC [7] v@d LOG:  statement: SELECT 2\n"
           "2026-11-23 23:01:25.212 UTC [7] [unknown]@[unknown] LOG:  connection received: host=[local]\n"
           "2026-11-23 23:01:25.214 UTC [7] w@d LOG:  statement: SELECT 3\n"
           "2026-11-23 23:01:25.300 UTC [1] LOG:  server process (PID 7) was terminated by signal 9: Killed\n",
           NULL,
           "B 7 L2 u/d/my app\n"
           "S 7 L3-3 \"SELECT 1\"\n"
           "E 7 L4\n"
           "B 7#1 L6 v/d/x\n"
           "S 7#1 L7-7 \"SELECT 2\"\n"
           "E 7#1 L8\n"
           "B 7#2 L9 w/d/-\n"
           "S 7#2 L9-9 \"SELECT 3\"\n"
           "E 7#2 L10\n");
    /* a session's application comes from its connection line when the prefix has no %a */
    run rn;
    const char *t = "2026-11-23 23:01:23.212 UTC [7] [unknown]@[unknown] LOG:  connection received: host=[local]\n"
                    "2026-11-23 23:01:23.213 UTC [7] u@d LOG:  connection authorized: user=u database=d application_name=web\n"
                    "2026-11-23 23:01:23.214 UTC [7] u@d LOG:  statement: SELECT 1\n";
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    STR_EQ(rn.c.app, "web", "application from connection authorized");
    STR_EQ(rn.c.user, "u", "user from the prefix");
    INT_EQ(rn.c.last.time_us, 1795474883214000LL, "time of %m");
    INT_EQ(rn.c.last.time_res_us, 1000, "resolution of %m");
    INT_EQ(rn.c.last.pid, 7, "pid");
    INT_EQ(skipped(&rn, DBL_SKIP_CONNECTION), 2, "connection lines");
    run_free(&rn);
    expect("%c keys the sessions", "a.log",
           "2026-11-23 23:01:23 UTC 6b04c5c3.6666 7 LOG:  statement: SELECT 1\n"
           "2026-11-23 23:01:23 UTC 6b04c5c3.7777 7 LOG:  statement: SELECT 2\n",
           "%t %c %p ",
           "S 6b04c5c3.6666 L1-1 \"SELECT 1\"\nE 6b04c5c3.6666 L2\nS 6b04c5c3.7777 L2-2 \"SELECT 2\"\n");
}

/* One line per escape: the matcher must take the whole prefix and find the fields. */
static void test_prefix_escapes(void)
{
    static const struct {
        const char *prefix, *line;
        const char *user, *db, *app;
        int pid;
        long long time_us;
    } cases[] = {
        {"%a %u %d %r %h %b %p %P %t %m %n %i %e %c %l %s %v %x %q%Q %% ",
         "psql-app u1 db1 10.0.0.1(5432) 10.0.0.1 client backend 42 7 2026-11-23 23:01:23 UTC "
         "2026-11-23 23:01:23.135 UTC 1795474883.135 SELECT 00000 6b04c5c3.2a 5 2026-11-23 23:01:00 UTC "
         "3/55 0 -123 % LOG:  statement: SELECT 1\n",
         "u1", "db1", "psql-app", 42, 1795474883135000LL},
        {"%-10u|%10d|%-6p|", "alice     |        db|123   |LOG:  statement: SELECT 1\n", "alice", "db", NULL,
         123, 0},
        {"%m [%p] %q%u@%d ", "2026-11-23 23:01:23.135 UTC [9] u@d LOG:  statement: SELECT 1\n", "u", "d", NULL, 9,
         1795474883135000LL},
        {"%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ",
         "2026-11-23 23:01:23 UTC [9]: [3-1] user=u,db=d,app=a b,client=[local] LOG:  statement: SELECT 1\n", "u",
         "d", "a b", 9, 1795474883000000LL},
        {"%t:%r:%u@%d:[%p]:", "2026-11-23 23:01:23 UTC:10.1.2.3(5432):u@d:[9]:LOG:  statement: SELECT 1\n", "u",
         "d", NULL, 9, 1795474883000000LL},
        {"%n [%p] ", "1795474883.135 [9] LOG:  statement: SELECT 1\n", NULL, NULL, NULL, 9, 1795474883135000LL},
        {"%m [%p] ", "2026-11-23 23:01:23.135 CET [9] LOG:  statement: SELECT 1\n", NULL, NULL, NULL, 9,
         1795474883135000LL - 3600000000LL},
        {"%m [%p] ", "2026-11-23 23:01:23.135 -0530 [9] LOG:  statement: SELECT 1\n", NULL, NULL, NULL, 9,
         1795474883135000LL + 19800000000LL},
        {"%t-%c-", "2026-11-23 23:01:23 UTC-6b04c5c3.2a-LOG:  statement: SELECT 1\n", NULL, NULL, NULL, 42,
         1795474883000000LL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int detect = 0; detect < 2; detect++) {
            if (detect && i < 2)
                continue; /* not a common prefix */
            run rn;
            read_text(&rn, "a.log", cases[i].line, strlen(cases[i].line), DBL_LOGFMT_AUTO,
                      detect ? NULL : cases[i].prefix);
            char what[200];
            snprintf(what, sizeof what, "prefix %s%s", cases[i].prefix, detect ? " (detected)" : "");
            INT_EQ(rn.st.statements, 1, what);
            if (rn.st.statements != 1) {
                run_free(&rn);
                continue;
            }
            STR_EQ(rn.c.user, cases[i].user ? cases[i].user : "-", what);
            STR_EQ(rn.c.db, cases[i].db ? cases[i].db : "-", what);
            STR_EQ(rn.c.app, cases[i].app ? cases[i].app : "-", what);
            INT_EQ(rn.c.last.pid, cases[i].pid, what);
            if (cases[i].time_us)
                INT_EQ(rn.c.last.time_us, cases[i].time_us, what);
            STR_EQ(rn.c.text, "SELECT 1", what);
            run_free(&rn);
        }
    }
    /* an unknown prefix: the severity is found anyway */
    run rn;
    const char *t = "<<2026-11-23 23:01:23 UTC>> pid=9 [9] user=u db=d LOG:  statement: SELECT 1\n";
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.st.statements, 1, "unknown prefix");
    run_free(&rn);
    t = "1795474883.135|psql|6b04c5c3.2a|00000 u d LOG:  statement: SELECT 1\n";
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    OK(strstr(dbl_buf_str(&rn.c.out), "S 6b04c5c3.2a ") != NULL, "unknown prefix: a %%c session id: %s",
       dbl_buf_str(&rn.c.out));
    INT_EQ(rn.c.last.pid, 42, "unknown prefix: the pid of the session id");
    INT_EQ(rn.c.last.time_us, 1795474883135000LL, "unknown prefix: an epoch time");
    run_free(&rn);
    t = "<<2026-11-23 23:01:23 UTC>> pid=9 [9] user=u db=d LOG:  statement: SELECT 1\n";
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.c.last.pid, 9, "unknown prefix: pid from [9]");
    STR_EQ(rn.c.user, "u", "unknown prefix: user=");
    run_free(&rn);
}

static void test_syslog(void)
{
    expect("syslog: records split in chunks, continued lines, #011", "a.log",
           "Nov 23 23:01:23 db1 postgres[1234]: [3-1] 2026-11-23 23:01:23.135 UTC [1234] u@d LOG:  statement: SELECT a,\n"
           "Nov 23 23:01:23 db1 postgres[1234]: [3-2] \tb FROM t\n"
           "Nov 23 23:01:23 db1 postgres[1234]: [3-3] #011WHERE x = 1\n"
           "Nov 23 23:01:23 db1 postgres[1234]: [3-4]  AND y = 2\n"
           "Nov 23 23:01:23 db1 postgres[1234]: [4-1] 2026-11-23 23:01:23.135 UTC [1234] u@d LOG:  execute S_1: SELECT $1\n"
           "Nov 23 23:01:23 db1 postgres[1234]: [5-1] 2026-11-23 23:01:23.135 UTC [1234] u@d DETAIL:  parameters: $1 = '1'\n",
           NULL,
           "S 1234 L1-4 \"SELECT a,\nb FROM t\nWHERE x = 1 AND y = 2\"\n"
           "S 1234 L5-6 \"SELECT $1\" name=S_1 params=$1 = '1'\n");
    expect("syslog: the parts of a message after lines of other processes", "a.log",
           "Nov 23 23:01:23 db1 postgres[1]: [4-1] [1] LOG:  execute S_1: SELECT $1\n"
           "Nov 23 23:01:23 db1 postgres[2]: [7-1] [2] ERROR:  division by zero\n"
           "Nov 23 23:01:23 db1 postgres[3]: [9-1] [3] LOG:  statement: EXECUTE q(1)\n"
           "Nov 23 23:01:23 db1 postgres[1]: [5-1] [1] DETAIL:  parameters: $1 = '1'\n"
           "Nov 23 23:01:23 db1 postgres[3]: [10-1] [3] DETAIL:  prepare: PREPARE q AS SELECT $1\n"
           "Nov 23 23:01:23 db1 postgres[2]: [8-1] [2] STATEMENT:  SELECT 1/0\n",
           NULL,
           "S 2 L2-6 \"SELECT 1/0\" failed\n"
           "S 1 L1-4 \"SELECT $1\" name=S_1 params=$1 = '1'\n"
           "S 3 L3-5 \"EXECUTE q(1)\" prep=SELECT $1\n");
    expect("syslog: the lines of a statement between lines of other processes", "a.log",
           "Nov 23 23:01:23 db1 postgres[1]: [4-1] [1] LOG:  statement: SELECT a,\n"
           "Nov 23 23:01:23 db1 postgres[2]: [7-1] [2] LOG:  statement: SELECT x,\n"
           "Nov 23 23:01:23 db1 postgres[1]: [4-2] #011b\n"
           "Nov 23 23:01:23 db1 postgres[2]: [7-2] #011y\n"
           "Nov 23 23:01:23 db1 postgres[1]: [4-3] #011FROM t\n"
           "Nov 23 23:01:23 db1 postgres[1]: [5-1] [1] LOG:  statement: SELECT 2\n",
           NULL,
           "S 1 L1-5 \"SELECT a,\nb\nFROM t\"\n"
           "S 2 L2-4 \"SELECT x,\ny\"\n"
           "S 1 L6-6 \"SELECT 2\"\n");
    {
        /* more processes at once than records wait: the oldest are complete first */
        dbl_buf b = {0};
        for (int i = 1; i <= 40; i++)
            dbl_buf_printf(&b, "Nov 23 23:01:23 db1 postgres[%d]: [1-1] [%d] LOG:  statement: SELECT %d,\n", i, i, i);
        for (int i = 1; i <= 40; i++)
            dbl_buf_printf(&b, "Nov 23 23:01:23 db1 postgres[%d]: [1-2] #011x\n", i);
        run rn;
        read_text(&rn, "a.log", b.data, b.len, DBL_LOGFMT_AUTO, NULL);
        INT_EQ(rn.st.statements, 40, "40 processes: statements");
        INT_EQ(skipped(&rn, DBL_SKIP_UNKNOWN_LINE), 8, "40 processes: the 8 records that waited longest were cut");
        OK(strstr(dbl_buf_str(&rn.c.out), "S 40 L40-80 \"SELECT 40,\nx\"") != NULL, "the last process whole");
        run_free(&rn);
        dbl_buf_free(&b);
    }
    expect("syslog_sequence_numbers = off", "a.log",
           "Nov 23 23:01:23 db1 postgres[9]: [1] LOG:  statement: SELECT a,\n"
           "Nov 23 23:01:23 db1 postgres[9]: [2] #011b\n"
           "Nov 23 23:01:23 db1 postgres[9]: LOG:  statement: SELECT 2\n",
           NULL, "S 9 L1-2 \"SELECT a,\nb\"\nS 9 L3-3 \"SELECT 2\"\n");
    expect("RFC 5424", "a.log",
           "<134>1 2026-11-23T23:01:23.135Z db1 postgres 4242 - - [5-1] LOG:  statement: SELECT 1\n"
           "<134>1 2026-11-23T23:01:23.136Z db1 postgres 4242 - [meta x=\"1\"] [5-2] \t FROM t\n",
           NULL, "S 4242 L1-2 \"SELECT 1\n FROM t\"\n");
    run rn;
    const char *t = "2026-11-23T23:01:23.135+01:00 db1 postgres[77]: [1-1] LOG:  statement: SELECT 1\n";
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.st.statements, 1, "syslog without a prefix");
    INT_EQ(rn.c.last.pid, 77, "syslog pid");
    INT_EQ(rn.c.last.time_us, 1795474883135000LL - 3600000000LL, "syslog ISO time");
    run_free(&rn);
}

static void test_other_messages(void)
{
    const char *t =
        P "LOG:  checkpoint starting: time\n"
        P "LOG:  checkpoint complete: wrote 3 buffers (0.0%); 0 WAL file(s) added\n"
        P "LOG:  automatic vacuum of table \"shop.public.orders\": index scans: 0\n"
        P "LOG:  process 26214 still waiting for ShareLock on transaction 1234 after 1000.123 ms\n"
        P "DETAIL:  Process holding the lock: 26215. Wait queue: 26214.\n"
        P "CONTEXT:  while updating tuple (0,1) in relation \"orders\"\n"
        P "STATEMENT:  UPDATE orders SET x = 1\n"
        P "LOG:  temporary file: path \"base/pgsql_tmp/pgsql_tmp26214.0\", size 1024\n"
        P "STATEMENT:  SELECT * FROM big ORDER BY 1\n"
        P "LOG:  duration: 12.345 ms  plan:\n"
        "\tQuery Text: SELECT * FROM t\n"
        "\tSeq Scan on t  (cost=0.00..35.50 rows=2550 width=4)\n"
        P "LOG:  starting PostgreSQL 15.20\n"
        P "LOG:  database system is ready to accept connections\n"
        P "LOG:  statement: SELECT 1\n";
    run rn;
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.st.statements, 1, "one statement among other messages");
    INT_EQ(skipped(&rn, DBL_SKIP_CHECKPOINT), 2, "checkpoints");
    INT_EQ(skipped(&rn, DBL_SKIP_PLAN), 1, "auto_explain plan");
    INT_EQ(skipped(&rn, DBL_SKIP_OTHER_MESSAGE), 5, "autovacuum, lock wait, temp file, start-up");
    INT_EQ(skipped(&rn, DBL_SKIP_UNKNOWN_LINE), 0, "plan lines are the plan's");
    INT_EQ(rn.st.records, 9, "records");
    INT_EQ(rn.st.lines, 15, "lines");
    run_free(&rn);
}

static void test_bad_stderr(void)
{
    run rn;
    const char *t = "garbage line\n" P "LOG:  statement: SELECT 1\n"
                    "\tcontinued\n"
                    P "LOG:  statement: SELECT 'caf\xe9'\n"
                    P "LOG:  statement: SELECT 'a\0b'\n"
                    P "LOG:  statement: SELECT 3 FR";
    size_t n = strlen(P) * 4 + 80;
    n = 0;
    /* strlen stops at the NUL: count by hand */
    const char *e = t;
    for (int lines = 0; lines < 5; e++)
        if (*e == '\n')
            lines++;
    e += strlen(e);
    n = (size_t)(e - t);
    read_text(&rn, "a.log", t, n, DBL_LOGFMT_AUTO, NULL);
    INT_EQ(skipped(&rn, DBL_SKIP_UNKNOWN_LINE), 1, "unknown line");
    INT_EQ(rn.st.skipped[DBL_SKIP_UNKNOWN_LINE].first_line, 1, "unknown line: first line");
    INT_EQ(skipped(&rn, DBL_SKIP_TRUNCATED), 1, "the NUL is not the end, the cut last line is");
    INT_EQ(rn.st.statements, 3, "statements around the bad bytes");
    INT_EQ(skipped(&rn, DBL_SKIP_NOT_UTF8), 2, "LATIN1 and NUL");
    INT_EQ(rn.st.skipped[DBL_SKIP_NOT_UTF8].first_line, 4, "not UTF-8: first line");
    OK(strstr(dbl_buf_str(&rn.c.out), "SELECT 'caf\xEF\xBF\xBD'") != NULL, "LATIN1 byte replaced: %s",
       dbl_buf_str(&rn.c.out));
    run_free(&rn);

    t = P "LOG:  statement: SELECT 1\n" P "LOG:  statement: SELECT 2 FR";
    read_text(&rn, "a.log", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(skipped(&rn, DBL_SKIP_TRUNCATED), 1, "truncated last line");
    INT_EQ(rn.st.skipped[DBL_SKIP_TRUNCATED].first_line, 2, "truncated: line");
    INT_EQ(rn.st.statements, 1, "the cut statement is not emitted");
    run_free(&rn);
}

static void test_csv(void)
{
    const char *head = "2026-11-23 23:01:23.213 UTC,\"u\",\"d\",7,\"[local]\",6b04c5c3.6666,";
    dbl_buf b = {0};
    dbl_buf_printf(&b, "%s2,\"idle\",2026-11-23 23:01:23 UTC,3/1,0,LOG,00000,\"statement: SELECT 'a\"\"b',\n"
                       "  2\nFROM t\",,,,,,,,,\"app\",\"client backend\",,0\n", head);
    dbl_buf_printf(&b, "%s3,\"SELECT\",2026-11-23 23:01:23 UTC,3/1,0,LOG,00000,\"execute S_1: SELECT $1\","
                       "\"parameters: $1 = '1'\",,,,,,,,\"app\",\"client backend\",,0\n", head);
    dbl_buf_printf(&b, "%s4,\"INSERT\",2026-11-23 23:01:23 UTC,3/1,0,ERROR,23505,\"duplicate key\","
                       "\"Key (id)=(1) already exists.\",,,,,\"INSERT INTO t VALUES (1)\",,,\"app\",\"client backend\",,0\n",
                   head);
    dbl_buf_printf(&b, "%s5,\"idle\",2026-11-23 23:01:23 UTC,3/1,0,LOG,00000,\"statement: never closed,,,\n", head);
    dbl_buf_printf(&b, "%s6,\"idle\",2026-11-23 23:01:23 UTC,3/1,0,LOG,00000,\"statement: SELECT 6\",,,,,,,,,\"app\",\"client backend\",,0\n", head);
    dbl_buf_printf(&b, "1,2,3\n");
    dbl_buf_printf(&b, "%s7,\"idle\",2026-11-23 23:01:23 UTC,3/1,0,LOG,00000,\"statement: cut", head);
    run rn;
    read_text(&rn, "pg.log", b.data, b.len, DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.fmt, DBL_LOGFMT_CSV, "csv detected");
    STR_EQ(dbl_buf_str(&rn.c.out),
           "S 6b04c5c3.6666 L1-3 \"SELECT 'a\"b',\n  2\nFROM t\"\n"
           "S 6b04c5c3.6666 L4-4 \"SELECT $1\" name=S_1 params=$1 = '1'\n"
           "S 6b04c5c3.6666 L5-5 \"INSERT INTO t VALUES (1)\" failed\n"
           "S 6b04c5c3.6666 L7-7 \"SELECT 6\"\n",
           "csv events");
    STR_EQ(rn.c.app, "app", "csv application_name");
    INT_EQ(skipped(&rn, DBL_SKIP_MALFORMED), 2, "an unclosed quote and a short record");
    INT_EQ(rn.st.skipped[DBL_SKIP_MALFORMED].first_line, 6, "malformed: first line");
    INT_EQ(skipped(&rn, DBL_SKIP_TRUNCATED), 1, "the cut last record");
    INT_EQ(rn.st.skipped[DBL_SKIP_TRUNCATED].first_line, 9, "truncated: its line");
    INT_EQ(skipped(&rn, DBL_SKIP_ERROR), 1, "error record");
    run_free(&rn);
    dbl_buf_free(&b);
}

static void test_json(void)
{
    const char *t =
        "{\"timestamp\":\"2026-11-23 23:01:23.527 UTC\",\"user\":\"u\",\"dbname\":\"d\",\"pid\":7,"
        "\"session_id\":\"6b04c5c3.6666\",\"line_num\":59,\"error_severity\":\"LOG\","
        "\"message\":\"statement: SELECT a\\n  FROM t\",\"application_name\":\"web\",\"backend_type\":\"client backend\"}\n"
        "{\"timestamp\":\"2026-11-23 23:01:23.528 UTC\",\"pid\":7,\"session_id\":\"6b04c5c3.6666\","
        "\"error_severity\":\"LOG\",\"message\":\"duration: 0.049 ms  execute S_1: SELECT $1\","
        "\"detail\":\"parameters: $1 = '401'\"}\n"
        "{\"timestamp\":\"2026-11-23 23:01:23.529 UTC\",\"pid\":7,\"session_id\":\"6b04c5c3.6666\","
        "\"error_severity\":\"LOG\",\"message\":\"statement: SELECT 'caf\xe9'\"}\n"
        "{\"timestamp\": broken\n"
        "[1, 2]\n"
        "{\"pid\":7,\"message\":\"no severity\"}\n"
        "{\"timestamp\":\"2026-11-23 23:01:23.530 UTC\",\"pid\":7,\"session_id\":\"6b04c5c3.6666\","
        "\"error_severity\":\"LOG\",\"message\":\"statement: SELECT 2\"}";
    run rn;
    read_text(&rn, "pg.json", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.fmt, DBL_LOGFMT_JSON, "json detected");
    STR_EQ(dbl_buf_str(&rn.c.out),
           "S 6b04c5c3.6666 L1-1 \"SELECT a\n  FROM t\"\n"
           "S 6b04c5c3.6666 L2-2 \"SELECT $1\" name=S_1 params=$1 = '401' d=0.049\n"
           "S 6b04c5c3.6666 L3-3 \"SELECT 'caf\xEF\xBF\xBD'\"\n"
           "S 6b04c5c3.6666 L7-7 \"SELECT 2\"\n",
           "json events");
    INT_EQ(skipped(&rn, DBL_SKIP_MALFORMED), 3, "broken, not an object, no severity");
    INT_EQ(rn.st.skipped[DBL_SKIP_MALFORMED].first_line, 4, "malformed: first line");
    INT_EQ(skipped(&rn, DBL_SKIP_NOT_UTF8), 1, "LATIN1 in json");
    INT_EQ(skipped(&rn, DBL_SKIP_TRUNCATED), 0, "a last line that parses is whole");
    run_free(&rn);
}

static void test_sql(void)
{
    const char *t = "-- a script\nSELECT 1;\nSELECT\n  2;\n\\echo hi\nINSERT INTO t VALUES (';');\n";
    run rn;
    read_text(&rn, "q.sql", t, strlen(t), DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.fmt, DBL_LOGFMT_SQL, "sql detected");
    STR_EQ(dbl_buf_str(&rn.c.out),
           "B sql:q.sql L1 -/-/-\n"
           "S sql:q.sql L2-2 \"SELECT 1;\"\n"
           "S sql:q.sql L3-4 \"SELECT\n  2;\"\n"
           "S sql:q.sql L6-6 \"INSERT INTO t VALUES (';');\"\n"
           "E sql:q.sql L6\n",
           "sql events");
    run_free(&rn);
}

/* Writes bytes to a temporary file; returns its heap path. */
static char *temp_file(const char *dir, const char *name, const char *bytes, size_t n, bool gz)
{
    dbl_buf p = {0};
    dbl_buf_printf(&p, "%s/%s", dir, name);
    char *path = dbl_strdup(dbl_buf_str(&p));
    dbl_buf_free(&p);
    if (gz) {
        gzFile f = gzopen(path, "wb");
        gzwrite(f, bytes, (unsigned)n);
        gzclose(f);
    } else {
        FILE *f = fopen(path, "wb");
        fwrite(bytes, 1, n, f);
        fclose(f);
    }
    return path;
}

static void on_progress(void *ud, uint64_t done, uint64_t total)
{
    uint64_t *p = ud;
    p[0]++;
    p[1] = done;
    p[2] = total;
}

static void test_files(void)
{
    char dir[] = "/tmp/unit_logread.XXXXXX";
    if (!mkdtemp(dir)) {
        OK(0, "mkdtemp");
        return;
    }
    const char *l1 = P "LOG:  statement: SELECT 1\n", *l2 = P "LOG:  statement: SELECT 2\n";
    char *a = temp_file(dir, "postgresql.log.1.gz", l1, strlen(l1), true);
    char *b = temp_file(dir, "postgresql.log", l2, strlen(l2), false);
    /* the rotated file is the older one */
    struct timespec old[2] = {{1000, 0}, {1000, 0}}, young[2] = {{2000, 0}, {2000, 0}};
    utimensat(AT_FDCWD, a, old, 0);
    utimensat(AT_FDCWD, b, young, 0);
    /* a line of 3 MiB: longer than a read */
    size_t big = 3u << 20;
    dbl_buf t = {0};
    dbl_buf_puts(&t, P "LOG:  statement: SELECT '");
    for (size_t i = 0; i < big; i++)
        dbl_buf_putc(&t, 'x');
    dbl_buf_puts(&t, "'\n" P "LOG:  statement: SELECT 3\n");
    char *sub = dbl_strdup(dir);
    char *c = temp_file(dir, "big.txt", t.data, t.len, false);
    dbl_buf_free(&t);
    rename(c, "/tmp/unit_logread_big.log");

    collect col = {0};
    uint64_t prog[3] = {0, 0, 0};
    dbl_logread_opts po = {0};
    po.progress = on_progress;
    po.progress_ud = prog;
    dbl_logreader *r = dbl_logreader_new(&po, on_event, &col);
    dbl_error err = {0};
    OK(dbl_logreader_read_path(r, dir, &err), "read a folder");
    OK(dbl_logreader_read_path(r, "/tmp/unit_logread_big.log", &err), "read a file");
    OK(!dbl_logreader_read_path(r, "/nonexistent/x.log", &err), "a missing file fails");
    OK(err.message && strstr(err.message, "/nonexistent/x.log"), "the error names the path");
    dbl_error_clear(&err);
    dbl_logreader_finish(r);
    const dbl_logstats *st = dbl_logreader_stats(r);
    INT_EQ(st->files, 3, "files");
    INT_EQ(st->statements, 4, "statements");
    INT_EQ(st->skipped[DBL_SKIP_UNREADABLE].count, 1, "unreadable");
    STR_EQ(dbl_logreader_file_name(r, 0), a, "oldest first");
    STR_EQ(dbl_logreader_file_name(r, 1), b, "then the current log");
    OK(strncmp(dbl_buf_str(&col.out), "S 26214 L1-1 \"SELECT 1\"\nS 26214 L1-1 \"SELECT 2\"\n", 46) == 0,
       "gz and plain in time order: %.80s", dbl_buf_str(&col.out));
    OK(strstr(dbl_buf_str(&col.out), "S 26214 L2-2 \"SELECT 3\"") != NULL, "after the long line");
    OK(prog[0] >= 3, "progress reported (%llu calls)", (unsigned long long)prog[0]);
    OK(prog[1] == prog[2] && prog[2] > (3u << 20), "progress ends at the size of the file: %llu of %llu",
       (unsigned long long)prog[1], (unsigned long long)prog[2]);
    dbl_logreader_free(r);
    dbl_buf_free(&col.out);
    unlink(a);
    unlink(b);
    unlink("/tmp/unit_logread_big.log");
    rmdir(dir);
    dbl_free(a);
    dbl_free(b);
    dbl_free(c);
    dbl_free(sub);
}

/* Folders: dated names in name order, one of the files that hold the same
 * events (stderr/csvlog/jsonlog of one stem), modification time otherwise. */
static void test_folders(void)
{
    char dir[] = "/tmp/unit_logread_dir.XXXXXX";
    if (!mkdtemp(dir)) {
        OK(0, "mkdtemp");
        return;
    }
    const char *l1 = P "LOG:  statement: SELECT 1\n", *l2 = P "LOG:  statement: SELECT 2\n";
    const char *j2 = "{\"timestamp\":\"2026-11-23 23:01:23.135 UTC\",\"pid\":26214,\"error_severity\":\"LOG\","
                     "\"message\":\"statement: SELECT 2\"}\n";
    char *f[4];
    f[0] = temp_file(dir, "postgresql-2026-11-23_000000.log", l2, strlen(l2), false);
    f[1] = temp_file(dir, "postgresql-2026-11-23_000000.json", j2, strlen(j2), false);
    f[2] = temp_file(dir, "postgresql-2026-11-23_000000.csv", "x\n", 2, false);
    f[3] = temp_file(dir, "postgresql-2026-11-22_000000.log", l1, strlen(l1), false);
    dbl_logreader *r = dbl_logreader_new(NULL, NULL, NULL);
    OK(dbl_logreader_read_path(r, dir, NULL), "read a folder of dated logs");
    INT_EQ(dbl_logreader_stats(r)->files, 2, "one file of the three with the same events");
    STR_EQ(dbl_logreader_file_name(r, 0), f[3], "the older day first");
    STR_EQ(dbl_logreader_file_name(r, 1), f[1], "jsonlog of the three");
    INT_EQ(dbl_logreader_file_format(r, 1), DBL_LOGFMT_JSON, "read as jsonlog");
    dbl_logreader_free(r);
    for (int i = 0; i < 4; i++) {
        unlink(f[i]);
        dbl_free(f[i]);
    }
    /* no dates, no rotation numbers: modification time */
    f[0] = temp_file(dir, "alpha.log", l2, strlen(l2), false);
    f[1] = temp_file(dir, "beta.log", l1, strlen(l1), false);
    struct timespec old[2] = {{1000, 0}, {1000, 0}}, young[2] = {{2000, 0}, {2000, 0}};
    utimensat(AT_FDCWD, f[0], young, 0);
    utimensat(AT_FDCWD, f[1], old, 0);
    r = dbl_logreader_new(NULL, NULL, NULL);
    OK(dbl_logreader_read_path(r, dir, NULL), "read a folder");
    STR_EQ(dbl_logreader_file_name(r, 0), f[1], "the older file first");
    dbl_logreader_free(r);
    for (int i = 0; i < 2; i++) {
        unlink(f[i]);
        dbl_free(f[i]);
    }
    rmdir(dir);
}

/* The reader's session map under churn (a session per connection, forgotten at
 * its disconnection): its table stays the size of the open sessions. */
static void test_session_churn(void)
{
    dbl_hmap m = {0};
    char keys[64][16];
    for (uint32_t i = 0; i < 200000; i++) {
        char *k = keys[i % 64];
        if (i >= 64)
            dbl_hmap_del(&m, k);
        snprintf(k, 16, "s%u", i);
        dbl_hmap_put(&m, k, k);
    }
    INT_EQ(m.count, 64, "open sessions");
    OK(m.cap <= 256, "table of %u slots for 64 sessions after 200000", m.cap);
    dbl_hmap_free(&m);

    /* and through the reader: 20000 short sessions in csvlog */
    dbl_buf b = {0};
    for (int i = 0; i < 20000; i++) {
        dbl_buf_printf(&b, "2026-11-23 23:01:23.213 UTC,\"u\",\"d\",%d,\"[local]\",6b04c5c3.%x,1,\"\",2026-11-23 23:01:23 UTC,,0,LOG,00000,"
                           "\"connection received: host=[local]\",,,,,,,,,\"\",\"client backend\",,0\n", 1000 + i % 50, i);
        dbl_buf_printf(&b, "2026-11-23 23:01:23.213 UTC,\"u\",\"d\",%d,\"[local]\",6b04c5c3.%x,2,\"\",2026-11-23 23:01:23 UTC,,0,LOG,00000,"
                           "\"statement: SELECT 1\",,,,,,,,,\"\",\"client backend\",,0\n", 1000 + i % 50, i);
        dbl_buf_printf(&b, "2026-11-23 23:01:23.213 UTC,\"u\",\"d\",%d,\"[local]\",6b04c5c3.%x,3,\"\",2026-11-23 23:01:23 UTC,,0,LOG,00000,"
                           "\"disconnection: session time: 0:00:00.001\",,,,,,,,,\"\",\"client backend\",,0\n", 1000 + i % 50, i);
    }
    run rn;
    read_text(&rn, "pg.csv", b.data, b.len, DBL_LOGFMT_AUTO, NULL);
    INT_EQ(rn.st.statements, 20000, "short sessions: statements");
    run_free(&rn);
    dbl_buf_free(&b);
}

static void test_names(void)
{
    dbl_logfmt f;
    OK(dbl_logfmt_parse("csvlog", &f) && f == DBL_LOGFMT_CSV, "csvlog");
    OK(dbl_logfmt_parse("json", &f) && f == DBL_LOGFMT_JSON, "json");
    OK(!dbl_logfmt_parse("xml", &f), "xml is not a format");
    STR_EQ(dbl_logfmt_name(DBL_LOGFMT_STDERR), "stderr", "name");
    STR_EQ(dbl_logskip_name(DBL_SKIP_NOT_UTF8), "not_utf8", "skip name");
    STR_EQ(dbl_logskip_name(DBL_SKIP_OTHER_MESSAGE), "other_message", "skip name");
    dbl_logreader_free(NULL);
}

/* Replays the fuzzer's regression inputs (testdata/fuzz/logread) in every format:
 * they must read without a crash or a sanitizer report. */
static void test_regressions(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    unsigned n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        dbl_buf p = {0};
        dbl_buf_printf(&p, "%s/%s", dir, e->d_name);
        for (dbl_logfmt f = DBL_LOGFMT_AUTO; f <= DBL_LOGFMT_SQL; f++) {
            dbl_logread_opts o = {0};
            o.format = f;
            collect col = {0};
            dbl_logreader *r = dbl_logreader_new(&o, on_event, &col);
            dbl_error err = {0};
            OK(dbl_logreader_read_path(r, dbl_buf_str(&p), &err), "regression input %s", e->d_name);
            dbl_error_clear(&err);
            dbl_logreader_finish(r);
            dbl_logreader_free(r);
            dbl_buf_free(&col.out);
        }
        dbl_buf_free(&p);
        n++;
    }
    closedir(d);
    printf("%u regression inputs replayed\n", n);
}

int main(int argc, char **argv)
{
    test_names();
    test_stderr_statements();
    test_stderr_errors();
    test_sessions();
    test_prefix_escapes();
    test_syslog();
    test_other_messages();
    test_bad_stderr();
    test_csv();
    test_json();
    test_sql();
    test_files();
    test_folders();
    test_session_churn();
    if (argc > 1)
        test_regressions(argv[1]);
    return harness_summary();
}

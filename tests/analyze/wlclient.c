/* wlclient.c - a workload client that speaks PostgreSQL's extended query protocol.
 *
 * The log generator (tests/analyze/genlogs.py) drives it to put what real
 * drivers send into a server's log: PQexecParams with the unnamed statement,
 * PQprepare + PQexecPrepared with named ones, and a driver that switches from
 * the unnamed statement to a named one after a few executions (pgjdbc's
 * prepareThreshold). The connection comes from the libpq environment
 * (PGHOST, PGPORT, PGUSER, PGDATABASE, PGAPPNAME).
 *
 * Usage: wlclient < SCRIPT
 *
 * SCRIPT has one command per line, fields separated by TABs; empty lines and
 * lines starting with '#' are ignored:
 *
 *   exec SQL                    simple protocol (PQexec)
 *   params MODE SQL [P...]      one execution with the given parameters
 *   loop MODE PARENT CHILD...   PARENT runs once (unnamed, no parameters); then,
 *                               per row of its result, every CHILD in order, with
 *                               $k bound to the row's column k
 *   repeat N GAP_MS MODE SQL [P...]  the same execution N times, GAP_MS apart
 *   poll N GAP_MS MODE SQL START     N executions, GAP_MS apart; $1 is START, then
 *                               the largest first column seen so far (a cursor)
 *   sleep MS
 *
 * MODE is "unnamed" (PQexecParams), "named" (each statement prepared once, on
 * first use, as S_1, S_2, ...) or "switch:K" (unnamed for the first K
 * executions of a statement, named from then on).
 *
 * Output, on stdout, one JSON object per line: {"pid": N} once connected, then
 * per command {"line": N, "cmd": "...", "rows": R, "executions": E, "names": [...]}
 * (rows: rows of the loop's parent or of the last execution; names: the
 * statement names used, "" for unnamed). Errors go to stderr; exit status 1.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

enum { MAX_FIELDS = 64, MAX_STMTS = 256 };

/* A statement text seen by this connection: how often it ran, its name once prepared. */
typedef struct stmt {
    char *sql;
    long executions;
    char name[16];
} stmt;

typedef struct client {
    PGconn *conn;
    stmt stmts[MAX_STMTS];
    int nstmts;
    int next_name;
    long lineno;
    /* names used by the current command, as a JSON array body */
    char names[1024];
} client;

static void die(client *c, const char *what, PGresult *res)
{
    fprintf(stderr, "wlclient: line %ld: %s: %s", c->lineno, what,
            res ? PQresultErrorMessage(res) : PQerrorMessage(c->conn));
    if (res)
        PQclear(res);
    PQfinish(c->conn);
    exit(1);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static stmt *find_stmt(client *c, const char *sql)
{
    for (int i = 0; i < c->nstmts; i++)
        if (strcmp(c->stmts[i].sql, sql) == 0)
            return &c->stmts[i];
    if (c->nstmts == MAX_STMTS) {
        fprintf(stderr, "wlclient: more than %d statements\n", MAX_STMTS);
        exit(1);
    }
    stmt *s = &c->stmts[c->nstmts++];
    s->sql = strdup(sql);
    s->executions = 0;
    s->name[0] = '\0';
    return s;
}

/* Number of $n parameters in sql: the largest n outside quotes. */
static int count_params(const char *sql)
{
    int max = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
        } else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
            int n = (int)strtol(p + 1, NULL, 10);
            if (n > max)
                max = n;
        }
    }
    return max;
}

static void note_name(client *c, const char *name)
{
    char q[24];
    snprintf(q, sizeof q, "\"%s\"", name);
    if (strstr(c->names, q))
        return;
    size_t len = strlen(c->names);
    snprintf(c->names + len, sizeof c->names - len, "%s%s", len ? "," : "", q);
}

/* Runs sql once with params in the given mode; returns the result (the caller clears it). */
static PGresult *run(client *c, const char *mode, const char *sql, int nparams,
                     const char *const *params)
{
    stmt *s = find_stmt(c, sql);
    int named = 0;
    if (strcmp(mode, "named") == 0)
        named = 1;
    else if (strncmp(mode, "switch:", 7) == 0)
        named = s->executions >= strtol(mode + 7, NULL, 10);
    else if (strcmp(mode, "unnamed") != 0) {
        fprintf(stderr, "wlclient: line %ld: unknown mode '%s'\n", c->lineno, mode);
        exit(1);
    }
    s->executions++;
    PGresult *res;
    if (named) {
        if (!s->name[0]) {
            snprintf(s->name, sizeof s->name, "S_%d", ++c->next_name);
            res = PQprepare(c->conn, s->name, sql, nparams, NULL);
            if (PQresultStatus(res) != PGRES_COMMAND_OK)
                die(c, "prepare", res);
            PQclear(res);
        }
        note_name(c, s->name);
        res = PQexecPrepared(c->conn, s->name, nparams, params, NULL, NULL, 0);
    } else {
        note_name(c, "");
        res = PQexecParams(c->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    }
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
        die(c, sql, res);
    return res;
}

static void report(client *c, const char *cmd, long rows, long executions)
{
    printf("{\"line\": %ld, \"cmd\": \"%s\", \"rows\": %ld, \"executions\": %ld, \"names\": [%s]}\n",
           c->lineno, cmd, rows, executions, c->names);
    fflush(stdout);
}

static int need(client *c, int nf, int want)
{
    if (nf < want) {
        fprintf(stderr, "wlclient: line %ld: expected at least %d fields\n", c->lineno, want);
        exit(1);
    }
    return 1;
}

static void do_loop(client *c, char **f, int nf)
{
    need(c, nf, 4);
    const char *mode = f[1];
    PGresult *parent = run(c, "unnamed", f[2], 0, NULL);
    long rows = PQntuples(parent), executions = 0;
    int ncols = PQnfields(parent);
    for (long r = 0; r < rows; r++) {
        const char *vals[MAX_FIELDS];
        for (int k = 0; k < ncols && k < MAX_FIELDS; k++)
            vals[k] = PQgetisnull(parent, (int)r, k) ? NULL : PQgetvalue(parent, (int)r, k);
        for (int i = 3; i < nf; i++) {
            int np = count_params(f[i]);
            if (np > ncols) {
                fprintf(stderr, "wlclient: line %ld: child needs %d parameters, parent has %d columns\n",
                        c->lineno, np, ncols);
                exit(1);
            }
            PQclear(run(c, mode, f[i], np, vals));
            executions++;
        }
    }
    PQclear(parent);
    report(c, "loop", rows, executions);
}

static void do_poll(client *c, char **f, int nf)
{
    need(c, nf, 6);
    long n = strtol(f[1], NULL, 10), gap = strtol(f[2], NULL, 10);
    char cursor[64];
    snprintf(cursor, sizeof cursor, "%s", f[5]);
    long rows = 0;
    for (long i = 0; i < n; i++) {
        if (i)
            sleep_ms(gap);
        const char *vals[1] = {cursor};
        PGresult *res = run(c, f[3], f[4], 1, vals);
        rows = PQntuples(res);
        for (long r = 0; r < rows; r++) {
            const char *v = PQgetvalue(res, (int)r, 0);
            if (strtoll(v, NULL, 10) > strtoll(cursor, NULL, 10))
                snprintf(cursor, sizeof cursor, "%s", v);
        }
        PQclear(res);
    }
    report(c, "poll", rows, n);
}

int main(void)
{
    static client c;
    c.conn = PQconnectdb("");
    if (PQstatus(c.conn) != CONNECTION_OK) {
        fprintf(stderr, "wlclient: connection failed: %s", PQerrorMessage(c.conn));
        PQfinish(c.conn);
        return 1;
    }
    printf("{\"pid\": %d}\n", PQbackendPID(c.conn));
    fflush(stdout);

    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) >= 0) {
        c.lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *f[MAX_FIELDS];
        int nf = 0;
        for (char *p = line; p && nf < MAX_FIELDS;) {
            f[nf++] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        c.names[0] = '\0';
        const char *cmd = f[0];
        if (strcmp(cmd, "exec") == 0 && need(&c, nf, 2)) {
            PGresult *res = PQexec(c.conn, f[1]);
            ExecStatusType st = PQresultStatus(res);
            if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK)
                die(&c, f[1], res);
            long rows = PQntuples(res);
            PQclear(res);
            report(&c, "exec", rows, 1);
        } else if (strcmp(cmd, "params") == 0 && need(&c, nf, 3)) {
            PGresult *res = run(&c, f[1], f[2], nf - 3, (const char *const *)f + 3);
            long rows = PQntuples(res);
            PQclear(res);
            report(&c, "params", rows, 1);
        } else if (strcmp(cmd, "loop") == 0) {
            do_loop(&c, f, nf);
        } else if (strcmp(cmd, "repeat") == 0 && need(&c, nf, 5)) {
            long n = strtol(f[1], NULL, 10), gap = strtol(f[2], NULL, 10), rows = 0;
            for (long i = 0; i < n; i++) {
                if (i && gap)
                    sleep_ms(gap);
                PGresult *res = run(&c, f[3], f[4], nf - 5, (const char *const *)f + 5);
                rows = PQntuples(res);
                PQclear(res);
            }
            report(&c, "repeat", rows, n);
        } else if (strcmp(cmd, "poll") == 0) {
            do_poll(&c, f, nf);
        } else if (strcmp(cmd, "sleep") == 0 && need(&c, nf, 2)) {
            sleep_ms(strtol(f[1], NULL, 10));
            report(&c, "sleep", 0, 0);
        } else {
            fprintf(stderr, "wlclient: line %ld: unknown command '%s'\n", c.lineno, cmd);
            PQfinish(c.conn);
            return 1;
        }
    }
    free(line);
    for (int i = 0; i < c.nstmts; i++)
        free(c.stmts[i].sql);
    PQfinish(c.conn);
    return ferror(stdout) ? 1 : 0;
}

/* logread.h - PostgreSQL server logs in, executed statements out.
 *
 * Reads stderr logs (any log_line_prefix, syslog lines), csvlog, jsonlog and
 * plain .sql files, each possibly gzip-compressed, and turns PostgreSQL's
 * messages into one event per executed statement, in log order within each
 * session (each session's last statement is held back until the session's
 * next statement, connection line or dbl_logreader_finish(), so that a later
 * "duration:" record or ERROR can complete it; across sessions an event may
 * therefore come after records of other sessions that followed it):
 *
 *   dbl_logreader *r = dbl_logreader_new(&opts, on_event, ud);
 *   dbl_logreader_read_path(r, "pg.log.1.gz", &err);   // files or folders, in order
 *   dbl_logreader_finish(r);                            // flushes pending records
 *   ... dbl_logreader_stats(r) ...
 *   dbl_logreader_free(r);
 *
 * Streaming: memory is bounded by the number of open sessions (and the
 * longest record), never by the size of the log. Bad input is never fatal:
 * truncated lines, unknown lines, malformed CSV/JSON records and bytes that
 * are not UTF-8 are counted per kind (with the first file and line) and the
 * rest of the file is read.
 */
#ifndef DBL_LOGREAD_H
#define DBL_LOGREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "lint/alloc.h"
#include "lint/config.h"

typedef enum dbl_logfmt {
    DBL_LOGFMT_AUTO = 0, /* detected per file from its first records */
    DBL_LOGFMT_STDERR,   /* log_destination = stderr (and syslog lines) */
    DBL_LOGFMT_CSV,      /* csvlog */
    DBL_LOGFMT_JSON,     /* jsonlog (PostgreSQL 15+) */
    DBL_LOGFMT_SQL,      /* a plain SQL script: one session, in order, no times */
} dbl_logfmt;

/* Parses "auto", "stderr", "csvlog"/"csv", "jsonlog"/"json", "sql"; false if unknown. */
bool dbl_logfmt_parse(const char *name, dbl_logfmt *out);
/* Returns "auto", "stderr", "csvlog", "jsonlog" or "sql". */
const char *dbl_logfmt_name(dbl_logfmt f);

typedef enum dbl_logev_kind {
    DBL_LOGEV_STATEMENT = 0, /* a statement was executed (one event per execution) */
    DBL_LOGEV_SESSION_START, /* a session began (connection received / authorized; only
                                when the log shows it: log_connections) */
    DBL_LOGEV_SESSION_END,   /* a session ended (disconnection, its backend exited, or a new
                                session on its pid or session id); not sent at finish */
} dbl_logev_kind;

enum { DBL_LOG_NO_TIME = INT64_MIN };

/* One event. Every pointer is valid only during the callback; copy what you keep. */
typedef struct dbl_logev {
    dbl_logev_kind kind;
    uint32_t file;          /* index of the file, in the order the reader met them */
    uint64_t line;          /* 1-based physical line of the record carrying the statement
                               text (for an error-only statement, the ERROR record) */
    uint64_t end_line;      /* last physical line of that record, continuations included */
    uint64_t record;        /* 1-based record number in the file (CSV: != line) */
    int64_t time_us;        /* µs since the Unix epoch, UTC; DBL_LOG_NO_TIME if unknown */
    uint32_t time_res_us;   /* resolution of time_us: 1000 for %m and %n (and csv/json),
                               1000000 for %t; 0 when time_us is unknown */
    const char *session;    /* stable session key: %c / session_id when the log has it, else
                               "<pid>" with a "#<n>" suffix after the pid's n-th reconnect;
                               "sql:<file>" for plain SQL files; never NULL */
    int32_t pid;            /* 0 if unknown (taken from a %c session id when the log has no %p) */
    const char *user, *database, *application; /* NULL if unknown */
    /* DBL_LOGEV_STATEMENT only: */
    const char *text;       /* the SQL as logged (NUL-terminated, continuation lines
                               joined with '\n', the leading TAB of each removed) */
    uint32_t text_len;
    const char *prepared;   /* SQL-level EXECUTE: the query of its PREPARE (from
                               "DETAIL:  prepare: PREPARE name(...) AS <query>"), else NULL */
    const char *stmt_name;  /* extended protocol: the statement name ("" for <unnamed>),
                               NULL for the simple protocol */
    const char *params;     /* extended protocol: "$1 = '42', $2 = NULL" as logged, else NULL */
    double duration_ms;     /* the execution's duration (parse + bind + execute records
                               of one extended-protocol execution summed); < 0 if unknown */
    bool failed;            /* the statement raised an ERROR */
} dbl_logev;

typedef void (*dbl_logev_fn)(void *ud, const dbl_logev *ev);

/* Records that are not statements, and input that could not be read. Records
 * that are part of an execution (extended-protocol parse and bind records, the
 * "duration:" record of log_duration, DETAIL/STATEMENT lines that came apart
 * from their message) count in dbl_logstats.records and in no kind here; an
 * ERROR record always counts as DBL_SKIP_ERROR, also when it is the failing
 * statement's only record. */
typedef enum dbl_logskip_kind {
    DBL_SKIP_CONNECTION = 0, /* connection received/authorized, disconnection */
    DBL_SKIP_ERROR,          /* ERROR/FATAL/PANIC/WARNING records (a failing statement's
                                STATEMENT: text is folded into its execution) */
    DBL_SKIP_CHECKPOINT,     /* checkpoint starting/complete, restartpoints */
    DBL_SKIP_PLAN,           /* auto_explain plans */
    DBL_SKIP_OTHER_MESSAGE,  /* any other well-formed server message (startup, autovacuum,
                                lock waits, temporary files, ...) */
    DBL_SKIP_UNKNOWN_LINE,   /* a line that is not a record of the file's format */
    DBL_SKIP_MALFORMED,      /* a CSV or JSON record that does not parse */
    DBL_SKIP_TRUNCATED,      /* the file ends inside a record */
    DBL_SKIP_NOT_UTF8,       /* a record with bytes that are not UTF-8, or NUL bytes (read
                                anyway, the bad bytes replaced by U+FFFD) */
    DBL_SKIP_UNREADABLE,     /* a file that could not be opened or decompressed */
    DBL_SKIP__COUNT
} dbl_logskip_kind;

/* Returns the summary key of a kind: "connection", "error", "checkpoint", "plan",
 * "other_message", "unknown_line", "malformed", "truncated", "not_utf8", "unreadable". */
const char *dbl_logskip_name(dbl_logskip_kind k);

typedef struct dbl_logskip {
    uint64_t count;
    uint32_t first_file;    /* where the first one was */
    uint64_t first_line;
} dbl_logskip;

typedef struct dbl_logstats {
    uint32_t files;
    uint64_t bytes;         /* bytes read (decompressed) */
    uint64_t lines;         /* physical lines */
    uint64_t records;       /* log records (a record with its continuation lines is one) */
    uint64_t statements;    /* DBL_LOGEV_STATEMENT events emitted */
    dbl_logskip skipped[DBL_SKIP__COUNT];
} dbl_logstats;

typedef struct dbl_logread_opts {
    dbl_logfmt format;       /* DBL_LOGFMT_AUTO: per file */
    const char *line_prefix; /* log_line_prefix of stderr logs; NULL: detect */
    /* Called now and then with bytes read so far of the current file and its size
     * (0 if unknown, e.g. stdin); NULL for none. */
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *progress_ud;
} dbl_logread_opts;

typedef struct dbl_logreader dbl_logreader;

/* Creates a reader that calls fn for each event. opts is copied (line_prefix must
 * outlive the reader). The caller frees it with dbl_logreader_free(). */
dbl_logreader *dbl_logreader_new(const dbl_logread_opts *opts, dbl_logev_fn fn, void *ud);
/* Frees the reader; NULL is a no-op. */
void dbl_logreader_free(dbl_logreader *r);

/* Reads one path: a file (.gz decompressed), "-" for stdin, or a folder, whose
 * files are read in time order, oldest first (logrotate's .N suffixes count down
 * to the current file; dated names sort by name; else by modification time);
 * of files that differ only in .log/.csv/.json (one server writing several
 * destinations) only the jsonlog, else the csvlog, is read. Returns false and
 * sets err only when the path itself cannot be read (it is also counted as
 * DBL_SKIP_UNREADABLE); problems inside a file never fail. */
bool dbl_logreader_read_path(dbl_logreader *r, const char *path, dbl_error *err);
/* Reads an in-memory log (not compressed) named name; for tests and fuzzing. */
void dbl_logreader_read_mem(dbl_logreader *r, const char *name, const char *bytes, size_t len);
/* Emits what is still pending (records waiting for their DETAIL lines, open
 * sessions' last statements). Call once after the last path. */
void dbl_logreader_finish(dbl_logreader *r);

/* The name of file index i as given (or as found inside a folder); NULL if out of range. */
const char *dbl_logreader_file_name(const dbl_logreader *r, uint32_t i);
/* The format file i was read as. */
dbl_logfmt dbl_logreader_file_format(const dbl_logreader *r, uint32_t i);
const dbl_logstats *dbl_logreader_stats(const dbl_logreader *r);

#endif

/* log_int.h - what the log reader's modules share (private to analyzer/).
 *
 * Every format reader (stderr/syslog lines, csvlog, jsonlog) turns its input
 * into dbl__logrec records: one server message with its DETAIL and STATEMENT
 * parts. log_msg.c classifies records into events. Records live in the
 * reader's record buffer and are valid only during dbl__logmsg_record().
 */
#ifndef DBL_LOG_INT_H
#define DBL_LOG_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analyzer/logread.h"
#include "lint/alloc.h"
#include "lint/hmap.h"

/* Severities as PostgreSQL prints them (lc_messages = C). */
typedef enum dbl__logsev {
    DBL__SEV_NONE = 0,
    DBL__SEV_DEBUG,
    DBL__SEV_LOG,
    DBL__SEV_INFO,
    DBL__SEV_NOTICE,
    DBL__SEV_WARNING,
    DBL__SEV_ERROR,
    DBL__SEV_FATAL,
    DBL__SEV_PANIC,
    /* parts of the preceding message, on lines of their own in stderr logs */
    DBL__SEV_DETAIL,
    DBL__SEV_HINT,
    DBL__SEV_QUERY,
    DBL__SEV_CONTEXT,
    DBL__SEV_LOCATION,
    DBL__SEV_STATEMENT,
} dbl__logsev;

/* Recognizes "WORD:  " at p[0..n) (a severity and PostgreSQL's two spaces; one
 * space is accepted too). Returns the severity and sets *msg to the offset of
 * the text after it, or DBL__SEV_NONE. */
dbl__logsev dbl__log_severity(const char *p, size_t n, size_t *msg);

/* The string fields of a record. */
enum {
    DBL__F_USER = 0,
    DBL__F_DB,
    DBL__F_APP,
    DBL__F_SESSION,   /* %c / session_id */
    DBL__F_MESSAGE,
    DBL__F_DETAIL,
    DBL__F_STATEMENT, /* STATEMENT: / csv query / json statement */
    DBL__F__COUNT
};

enum { DBL__NO_FIELD = UINT32_MAX };

typedef struct dbl__logrec {
    dbl__logsev sev;
    uint64_t line, end_line, record;
    int64_t time_us;
    uint32_t time_res_us;
    int32_t pid;
    bool not_utf8;
    int open_field;               /* the field being written, or -1 */
    dbl_buf *buf;                 /* the fields' bytes, each NUL-terminated */
    uint32_t off[DBL__F__COUNT];  /* DBL__NO_FIELD: absent */
    uint32_t len[DBL__F__COUNT];
} dbl__logrec;

/* Returns field f of rec (NUL-terminated), or NULL when absent. */
static inline const char *dbl__rec_str(const dbl__logrec *rec, int f)
{
    return rec->off[f] == DBL__NO_FIELD ? NULL : rec->buf->data + rec->off[f];
}

/* Empties rec and points it at buf (which it clears). */
void dbl__rec_reset(dbl__logrec *rec, dbl_buf *buf);
/* Starts field f at the end of the buffer (closing the open one, if any). */
void dbl__rec_open(dbl__logrec *rec, int f);
/* Appends text to the open field; bytes that are not UTF-8 (and NULs) become
 * U+FFFD and set rec->not_utf8. */
void dbl__rec_append(dbl__logrec *rec, const char *p, size_t n);
/* Closes the open field (NUL-terminates it). */
void dbl__rec_close(dbl__logrec *rec);
/* Sets field f to p[0..n) (opening and closing it). */
void dbl__rec_set(dbl__logrec *rec, int f, const char *p, size_t n);

/* Appends p[0..n) to b with bytes that are not UTF-8 and NULs replaced by
 * U+FFFD. Returns true if anything was replaced. */
bool dbl__utf8_append(dbl_buf *b, const char *p, size_t n);
/* True if p[0..n) has no NUL and no byte >= 0x80 (the fast path). */
bool dbl__is_plain_ascii(const char *p, size_t n);

/* The date and minute of the last timestamp parsed (lines of one minute share them). */
typedef struct dbl__timecache {
    char key[16];       /* "YYYY-MM-DD HH:MM" */
    int64_t base_secs;  /* that minute, before the zone */
    bool valid;
} dbl__timecache;

/* Parses a timestamp as PostgreSQL prints %t / %m / csv and json times:
 * "YYYY-MM-DD HH:MM:SS[.fff] ZONE" (ZONE: an abbreviation such as UTC or CET,
 * or a numeric offset such as +03 or -0530). Returns the bytes consumed (0 if
 * it is not one) and sets *us (UTC) and *res (1000000 / 1000 / ...).
 * Unknown zone abbreviations are read as UTC. */
size_t dbl__parse_pgtime(const char *p, size_t n, int64_t *us, uint32_t *res);
/* dbl__parse_pgtime() with a cache of the last date and minute (tc may be NULL). */
size_t dbl__parse_pgtime_c(const char *p, size_t n, int64_t *us, uint32_t *res, dbl__timecache *tc);
/* Parses "seconds[.fraction]" (%n). Same contract as dbl__parse_pgtime(). */
size_t dbl__parse_epoch(const char *p, size_t n, int64_t *us, uint32_t *res);
/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
int64_t dbl__days_from_civil(int64_t y, unsigned m, unsigned d);

/* ---- log_line_prefix matching (log_prefix.c) ---- */

typedef struct dbl__prefix dbl__prefix;

/* What a prefix match found; strings point into the matched line. */
typedef struct dbl__pfx_out {
    int64_t time_us;
    uint32_t time_res_us;
    int32_t pid;
    const char *str[DBL__F_SESSION + 1]; /* user, db, app, session; NULL if absent */
    uint32_t len[DBL__F_SESSION + 1];
    dbl__logsev sev;
    size_t msg;                          /* offset of the message text */
} dbl__pfx_out;

/* Compiles a log_line_prefix setting. Never fails (unknown escapes match
 * nothing, as PostgreSQL prints nothing for them). The caller frees it with
 * dbl__prefix_free(). */
dbl__prefix *dbl__prefix_compile(const char *spec);
void dbl__prefix_free(dbl__prefix *px);
/* The setting px was compiled from. */
const char *dbl__prefix_spec(const dbl__prefix *px);
/* Matches px at the start of line[0..n), which must then continue with a
 * severity. Returns false if it does not match. */
bool dbl__prefix_match(const dbl__prefix *px, const char *line, size_t n, dbl__pfx_out *out,
                       dbl__timecache *tc);
/* Matches any prefix: finds the severity and picks what it can from the text
 * before it (a leading timestamp, "[pid]", user=/db=/app= pairs, user@db).
 * Returns false if the line has no severity. */
bool dbl__prefix_match_any(const char *line, size_t n, dbl__pfx_out *out, dbl__timecache *tc);
/* Picks the common log_line_prefix that matches most of the lines in
 * text[0..len) (syslog headers stripped when syslog is set), or NULL when none
 * matches any (use dbl__prefix_match_any). The caller frees it. */
dbl__prefix *dbl__prefix_detect(const char *text, size_t len, bool syslog);

/* A syslog line: "<time> <host> <ident>[<pid>]: [<seq>-<chunk>] <rest>". */
typedef struct dbl__syslog {
    int32_t pid;
    uint64_t seq;
    uint32_t chunk;
    int64_t time_us;
    uint32_t time_res_us;
    size_t rest; /* offset of the text after "[seq-chunk] " */
} dbl__syslog;

/* Recognizes a syslog line written by PostgreSQL. Returns false if it is not one. */
bool dbl__syslog_match(const char *line, size_t n, dbl__syslog *out);

/* ---- the reader ---- */

typedef struct dbl__logfile {
    char *name;
    dbl_logfmt format;
} dbl__logfile;

typedef struct dbl__session dbl__session;

/* syslog: records of other processes waiting for their next lines (log_stderr.c) */
enum { DBL__PARKED = 32 };
struct dbl__parked {
    dbl__logrec rec;
    dbl_buf buf;
    bool open;
    int field;
    uint64_t seq;
};
struct dbl__session_list {
    dbl__session **items;
    uint32_t size, capacity;
};

struct dbl_logreader {
    dbl_logread_opts opts;
    dbl_logev_fn fn;
    void *ud;
    dbl_logstats stats;
    DBL_ARRAY(dbl__logfile) files;
    dbl__prefix *user_prefix;   /* opts.line_prefix compiled, or NULL */

    /* the file being read */
    uint32_t file;
    dbl_logfmt fmt;
    bool syslog;
    dbl__prefix *px;            /* this file's prefix (user_prefix or detected), NULL: any */
    bool px_owned;
    uint64_t line, record;
    dbl_buf recbuf;
    dbl__logrec rec;
    bool rec_open;              /* a stderr/csv record is being assembled */
    int rec_field;              /* stderr: the field continuation lines go to (-1: dropped) */
    uint64_t rec_seq;           /* syslog: the sequence number of the open record */
    struct dbl__parked *parked; /* syslog: DBL__PARKED records of other processes */
    /* csv */
    bool csv_quoted;            /* inside a quoted field at the end of the last line */
    bool csv_bad;
    uint32_t csv_nf;
    uint32_t csv_off[32], csv_len[32];
    /* sql */
    dbl_buf sqlbuf;
    bool sql_not_utf8;
    dbl_buf scratch;
    dbl__timecache tcache;

    /* sessions (log_msg.c) */
    dbl_hmap sessions;          /* session id -> dbl__session* (logs with %c / session_id) */
    struct dbl__session_list all_sessions;
    struct dbl__pidslot *pids;  /* open addressing: pid -> current session, reconnects */
    uint32_t pids_cap, pids_count;
    struct {                    /* the last ERROR whose STATEMENT line has not come (yet) */
        bool set;
        int32_t pid;
        uint32_t file;
        uint64_t line, end_line, record;
        int64_t time_us;
        uint32_t time_res_us;
    } lone_error;
};

/* Counts one skipped item of kind k at the current file and line. */
void dbl__logread_skip(dbl_logreader *r, dbl_logskip_kind k, uint64_t line);

/* ---- per format: feed one physical line (without its '\n'; complete is
 * false for a last line that had none) ---- */
void dbl__stderr_line(dbl_logreader *r, const char *p, size_t n, bool complete);
void dbl__stderr_end(dbl_logreader *r);
/* Frees the syslog records' buffers. */
void dbl__stderr_free(dbl_logreader *r);
void dbl__csv_line(dbl_logreader *r, const char *p, size_t n, bool complete);
void dbl__csv_end(dbl_logreader *r);
/* True if line looks like the start of a csvlog record. */
bool dbl__csv_is_record_start(const char *p, size_t n);
void dbl__json_line(dbl_logreader *r, const char *p, size_t n, bool complete);

/* ---- log_msg.c: records to events ---- */

/* Classifies one complete record and emits what it completes. */
void dbl__logmsg_record(dbl_logreader *r, const dbl__logrec *rec);
/* Emits the held statements of every open session. */
void dbl__logmsg_flush_all(dbl_logreader *r);
/* Emits one event (fills file and counts statements). */
void dbl__logmsg_emit(dbl_logreader *r, dbl_logev *ev);
/* Frees every session. */
void dbl__logmsg_free(dbl_logreader *r);

#endif

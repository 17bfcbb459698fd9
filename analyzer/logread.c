/* logread.c - the log reader: files, folders, gzip and stdin read in chunks, formats detected per file. */
#include "analyzer/logread.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "analyzer/log_int.h"
#include "lint/lint.h"
#include "lint/script.h"

static const size_t CHUNK = 1u << 20;          /* bytes per read */
static const size_t DETECT_BYTES = 256u << 10;  /* bytes looked at to pick a format */

/* ---- names ---- */

bool dbl_logfmt_parse(const char *name, dbl_logfmt *out)
{
    static const struct {
        const char *name;
        dbl_logfmt fmt;
    } names[] = {
        {"auto", DBL_LOGFMT_AUTO}, {"stderr", DBL_LOGFMT_STDERR}, {"syslog", DBL_LOGFMT_STDERR},
        {"csvlog", DBL_LOGFMT_CSV}, {"csv", DBL_LOGFMT_CSV},       {"jsonlog", DBL_LOGFMT_JSON},
        {"json", DBL_LOGFMT_JSON},  {"sql", DBL_LOGFMT_SQL},
    };
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].fmt;
            return true;
        }
    return false;
}

const char *dbl_logfmt_name(dbl_logfmt f)
{
    switch (f) {
    case DBL_LOGFMT_STDERR:
        return "stderr";
    case DBL_LOGFMT_CSV:
        return "csvlog";
    case DBL_LOGFMT_JSON:
        return "jsonlog";
    case DBL_LOGFMT_SQL:
        return "sql";
    default:
        return "auto";
    }
}

const char *dbl_logskip_name(dbl_logskip_kind k)
{
    static const char *const names[DBL_SKIP__COUNT] = {
        "connection", "error", "checkpoint", "plan", "other_message",
        "unknown_line", "malformed", "truncated", "not_utf8", "unreadable",
    };
    return (unsigned)k < DBL_SKIP__COUNT ? names[k] : "unknown";
}

/* ---- the reader ---- */

dbl_logreader *dbl_logreader_new(const dbl_logread_opts *opts, dbl_logev_fn fn, void *ud)
{
    dbl_logreader *r = dbl_calloc(1, sizeof *r);
    if (opts)
        r->opts = *opts;
    r->fn = fn;
    r->ud = ud;
    if (r->opts.line_prefix)
        r->user_prefix = dbl__prefix_compile(r->opts.line_prefix);
    return r;
}

void dbl_logreader_free(dbl_logreader *r)
{
    if (!r)
        return;
    dbl__logmsg_free(r);
    dbl__stderr_free(r);
    for (uint32_t i = 0; i < r->files.size; i++)
        dbl_free(r->files.items[i].name);
    dbl_array_free(&r->files);
    dbl__prefix_free(r->user_prefix);
    if (r->px_owned)
        dbl__prefix_free(r->px);
    dbl_buf_free(&r->recbuf);
    dbl_buf_free(&r->sqlbuf);
    dbl_buf_free(&r->scratch);
    dbl_free(r);
}

const char *dbl_logreader_file_name(const dbl_logreader *r, uint32_t i)
{
    return i < r->files.size ? r->files.items[i].name : NULL;
}

dbl_logfmt dbl_logreader_file_format(const dbl_logreader *r, uint32_t i)
{
    return i < r->files.size ? r->files.items[i].format : DBL_LOGFMT_AUTO;
}

const dbl_logstats *dbl_logreader_stats(const dbl_logreader *r)
{
    return &r->stats;
}

void dbl__logread_skip(dbl_logreader *r, dbl_logskip_kind k, uint64_t line)
{
    dbl_logskip *s = &r->stats.skipped[k];
    if (!s->count++) {
        s->first_file = r->file;
        s->first_line = line;
    }
}

/* ---- format detection ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Picks the format of a file from its first bytes (and its name when they say little). */
static dbl_logfmt detect_format(const char *name, const char *p, size_t n, bool *syslog)
{
    *syslog = false;
    unsigned lines = 0, json = 0, csv = 0, sys = 0, logrec = 0;
    for (size_t pos = 0; pos < n && lines < 200;) {
        const char *nl = memchr(p + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - p) : n;
        const char *l = p + pos;
        size_t len = end - pos;
        pos = end + 1;
        if (!len || l[0] == '\t')
            continue;
        lines++;
        if (l[0] == '{')
            json++;
        else if (dbl__csv_is_record_start(l, len))
            csv++;
        dbl__syslog sl;
        if (dbl__syslog_match(l, len, &sl))
            sys++;
        dbl__pfx_out out;
        if (dbl__prefix_match_any(l, len, &out, NULL))
            logrec++;
    }
    char base[256];
    size_t bl = strlen(name);
    if (bl >= sizeof base)
        name += bl - (sizeof base - 1);
    strcpy(base, name);
    if (ends_with(base, ".gz"))
        base[strlen(base) - 3] = '\0';
    if (ends_with(base, ".sql") && json * 2 <= lines && csv * 2 <= lines && logrec * 2 <= lines)
        return DBL_LOGFMT_SQL;
    if (lines && json * 2 > lines)
        return DBL_LOGFMT_JSON;
    if (lines && csv * 2 > lines)
        return DBL_LOGFMT_CSV;
    if (lines && sys * 2 > lines) {
        *syslog = true;
        return DBL_LOGFMT_STDERR;
    }
    if (logrec)
        return DBL_LOGFMT_STDERR;
    if (ends_with(base, ".json"))
        return DBL_LOGFMT_JSON;
    if (ends_with(base, ".csv"))
        return DBL_LOGFMT_CSV;
    /* nothing that looks like a server log: a script if it has statements */
    if (n && memchr(p, ';', n))
        return DBL_LOGFMT_SQL;
    return DBL_LOGFMT_STDERR;
}

/* ---- one file ---- */

static void file_begin(dbl_logreader *r, const char *name, const char *head, size_t head_len)
{
    if (head_len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
        head += 3;
        head_len -= 3;
    }
    dbl__logfile f = {dbl_strdup(name), DBL_LOGFMT_AUTO};
    r->file = r->files.size;
    r->stats.files++;
    r->line = r->record = 0;
    r->rec_open = false;
    r->csv_quoted = false;
    r->syslog = false;
    bool syslog = false;
    dbl_logfmt fmt = detect_format(name, head, head_len, &syslog);
    if (r->opts.format != DBL_LOGFMT_AUTO)
        fmt = r->opts.format;
    else
        r->syslog = syslog;
    if (fmt == DBL_LOGFMT_STDERR && r->opts.format != DBL_LOGFMT_AUTO) {
        /* stderr forced: still see whether the lines are syslog's */
        dbl_logfmt again = detect_format(name, head, head_len, &syslog);
        (void)again;
        r->syslog = syslog;
    }
    f.format = fmt;
    r->fmt = fmt;
    dbl_array_push(&r->files, f);
    if (r->px_owned)
        dbl__prefix_free(r->px);
    r->px = NULL;
    r->px_owned = false;
    if (fmt == DBL_LOGFMT_STDERR) {
        if (r->user_prefix) {
            r->px = r->user_prefix;
        } else {
            r->px = dbl__prefix_detect(head, head_len, r->syslog);
            r->px_owned = r->px != NULL;
        }
    }
    r->sqlbuf.len = 0;
    r->sql_not_utf8 = false;
}

static void line(dbl_logreader *r, const char *p, size_t n, bool complete)
{
    r->line++;
    r->stats.lines++;
    if (n && p[n - 1] == '\r')
        n--;
    if (r->line == 1 && n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
        p += 3; /* a byte order mark */
        n -= 3;
    }
    switch (r->fmt) {
    case DBL_LOGFMT_CSV:
        dbl__csv_line(r, p, n, complete);
        break;
    case DBL_LOGFMT_JSON:
        dbl__json_line(r, p, n, complete);
        break;
    case DBL_LOGFMT_SQL:
        break;
    default:
        dbl__stderr_line(r, p, n, complete);
        break;
    }
}

/* Splits a plain SQL file into statements, one session in file order. */
static void sql_finish(dbl_logreader *r)
{
    const char *text = r->sqlbuf.data ? r->sqlbuf.data : "";
    size_t len = r->sqlbuf.len;
    if (len > UINT32_MAX - 1)
        len = UINT32_MAX - 1;
    dbl_buf key = {0};
    dbl_buf_printf(&key, "sql:%s", r->files.items[r->file].name);
    dbl_logev ev = {0};
    ev.file = r->file;
    ev.time_us = DBL_LOG_NO_TIME;
    ev.session = dbl_buf_str(&key);
    ev.duration_ms = -1;
    ev.kind = DBL_LOGEV_SESSION_START;
    ev.line = ev.end_line = 1;
    dbl__logmsg_emit(r, &ev);
    dbl_segment_list segs = {0};
    dbl_script_split(text, (uint32_t)len, &segs);
    uint64_t lineno = 1;
    size_t at = 0;
    dbl_buf stmt = {0};
    for (uint32_t i = 0; i < segs.size; i++) {
        const dbl_segment *sg = &segs.items[i];
        if (sg->start < at) {
            /* a meta-command inside an unfinished statement comes first: count again */
            at = 0;
            lineno = 1;
        }
        for (const char *q = text + at; (q = memchr(q, '\n', (size_t)(text + sg->start - q))) != NULL; q++)
            lineno++;
        at = sg->start;
        uint64_t end_line = lineno;
        for (const char *q = text + sg->start; (q = memchr(q, '\n', (size_t)(text + sg->end - q))) != NULL; q++)
            end_line++;
        if (sg->kind != DBL_SEG_SQL)
            continue;
        r->stats.records++;
        stmt.len = 0;
        dbl_buf_append(&stmt, text + sg->start, sg->end - sg->start);
        ev.kind = DBL_LOGEV_STATEMENT;
        ev.line = lineno;
        ev.end_line = end_line;
        ev.record = ++r->record;
        ev.text = dbl_buf_str(&stmt);
        ev.text_len = (uint32_t)stmt.len;
        dbl__logmsg_emit(r, &ev);
    }
    ev.kind = DBL_LOGEV_SESSION_END;
    ev.text = NULL;
    ev.text_len = 0;
    ev.line = ev.end_line = r->line ? r->line : 1;
    dbl__logmsg_emit(r, &ev);
    if (r->sql_not_utf8)
        dbl__logread_skip(r, DBL_SKIP_NOT_UTF8, 1);
    dbl_buf_free(&stmt);
    dbl_buf_free(&key);
    dbl_array_free(&segs);
    r->sqlbuf.len = 0;
}

static void file_end(dbl_logreader *r)
{
    switch (r->fmt) {
    case DBL_LOGFMT_CSV:
        dbl__csv_end(r);
        break;
    case DBL_LOGFMT_SQL:
        sql_finish(r);
        break;
    case DBL_LOGFMT_JSON:
        break;
    default:
        dbl__stderr_end(r);
        break;
    }
    if (r->sqlbuf.cap > (4u << 20)) {
        dbl_buf_free(&r->sqlbuf);
    }
}

/* Feeds buf[0..len) line by line; returns the bytes of the last, unfinished line. */
static size_t feed(dbl_logreader *r, const char *buf, size_t len, bool eof)
{
    if (r->fmt == DBL_LOGFMT_SQL) {
        size_t skip = r->sqlbuf.len == 0 && r->line == 0 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        if (dbl__utf8_append(&r->sqlbuf, buf + skip, len - skip))
            r->sql_not_utf8 = true;
        for (const char *q = buf; (q = memchr(q, '\n', (size_t)(buf + len - q))) != NULL; q++) {
            r->line++;
            r->stats.lines++;
        }
        if (eof && len && buf[len - 1] != '\n') {
            r->line++;
            r->stats.lines++;
        }
        return 0;
    }
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        if (!nl)
            break;
        size_t end = (size_t)(nl - buf);
        line(r, buf + pos, end - pos, true);
        pos = end + 1;
    }
    if (eof && pos < len) {
        line(r, buf + pos, len - pos, false);
        pos = len;
    }
    return len - pos;
}

void dbl_logreader_read_mem(dbl_logreader *r, const char *name, const char *bytes, size_t len)
{
    file_begin(r, name, bytes, len < DETECT_BYTES ? len : DETECT_BYTES);
    r->stats.bytes += len;
    feed(r, bytes, len, true);
    file_end(r);
}

/* A source of decompressed bytes. */
typedef struct source {
    int fd;
    gzFile gz;
    uint64_t size;
} source;

static long src_read(source *s, char *buf, size_t n)
{
    if (n > (1u << 30))
        n = 1u << 30;
    if (s->gz) {
        int k = gzread(s->gz, buf, (unsigned)n);
        if (k < 0)
            return -1;
        return k;
    }
    for (;;) {
        ssize_t k = read(s->fd, buf, n);
        if (k < 0 && errno == EINTR)
            continue;
        return (long)k;
    }
}

static uint64_t src_done(source *s, uint64_t bytes)
{
    if (s->gz) {
        z_off_t o = gzoffset(s->gz);
        return o > 0 ? (uint64_t)o : 0;
    }
    return bytes;
}

/* Reads one open file (fd is closed here). */
static void read_fd(dbl_logreader *r, const char *name, int fd)
{
    source src = {fd, NULL, 0};
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        src.size = (uint64_t)st.st_size;
    size_t cap = CHUNK;
    char *buf = dbl_malloc(cap);
    size_t have = 0;
    bool eof = false, failed = false;
    /* gzip (magic 1f 8b) goes through zlib; pipes always do (zlib passes plain bytes through) */
    bool seekable = lseek(fd, 0, SEEK_CUR) >= 0;
    bool gz = !seekable;
    if (seekable) {
        unsigned char magic[2];
        ssize_t k = pread(fd, magic, 2, 0);
        gz = k == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
    if (gz) {
        int zfd = fd == 0 ? dup(fd) : fd; /* never close the caller's stdin */
        src.gz = zfd >= 0 ? gzdopen(zfd, "rb") : NULL;
        if (!src.gz) {
            if (zfd >= 0 && zfd != fd)
                close(zfd);
            if (fd != 0)
                close(fd);
            dbl_free(buf);
            dbl__logread_skip(r, DBL_SKIP_UNREADABLE, 0);
            return;
        }
        if (zfd != fd && fd != 0)
            close(fd);
        gzbuffer(src.gz, 256u << 10);
    }
    /* fill enough to pick the format */
    while (!eof && have < DETECT_BYTES) {
        long n = src_read(&src, buf + have, cap - have);
        if (n < 0) {
            failed = true;
            eof = true;
        } else if (n == 0) {
            eof = true;
        } else {
            have += (size_t)n;
        }
    }
    file_begin(r, name, buf, have);
    uint64_t total = have;
    for (;;) {
        size_t rest = feed(r, buf, have, eof);
        if (eof)
            break;
        if (rest == cap) {
            /* one line longer than the buffer: grow it */
            cap *= 2;
            buf = dbl_realloc(buf, cap);
        } else if (rest) {
            memmove(buf, buf + have - rest, rest);
        }
        have = rest;
        if (r->opts.progress)
            r->opts.progress(r->opts.progress_ud, src_done(&src, total), src.size);
        while (!eof && have < cap) {
            long n = src_read(&src, buf + have, cap - have);
            if (n < 0) {
                failed = true;
                eof = true;
            } else if (n == 0) {
                eof = true;
            } else {
                have += (size_t)n;
                total += (uint64_t)n;
                if (have >= CHUNK)
                    break;
            }
        }
    }
    r->stats.bytes += total;
    file_end(r);
    if (failed)
        dbl__logread_skip(r, DBL_SKIP_UNREADABLE, r->line);
    if (r->opts.progress)
        r->opts.progress(r->opts.progress_ud, src.size ? src.size : total, src.size);
    if (src.gz)
        gzclose(src.gz); /* closes its descriptor */
    else if (fd != 0)
        close(fd);
    dbl_free(buf);
}

typedef struct dirent_entry {
    char *path;
    const char *name;        /* the file name inside path */
    struct timespec mtime;
    uint64_t rotation;       /* logrotate's ".N" suffix, 0 for the current file */
    size_t stem_len;         /* name without .gz, .N, .log/.csv/.json */
    int kind;                /* 0 other, 1 .log, 2 .csv, 3 .json */
    bool skip;
} dirent_entry;

/* Splits a file name into its stem, rotation number and format extension. */
static void name_parts(dirent_entry *e)
{
    size_t n = strlen(e->name);
    if (n > 3 && strcmp(e->name + n - 3, ".gz") == 0)
        n -= 3;
    size_t d = n;
    while (d > 0 && e->name[d - 1] >= '0' && e->name[d - 1] <= '9')
        d--;
    if (d < n && d > 0 && e->name[d - 1] == '.' && n - d < 10) {
        uint64_t v = 0;
        for (size_t i = d; i < n; i++)
            v = v * 10 + (uint64_t)(e->name[i] - '0');
        e->rotation = v;
        n = d - 1;
    }
    static const char *const exts[] = {NULL, ".log", ".csv", ".json"};
    for (int k = 1; k <= 3; k++) {
        size_t l = strlen(exts[k]);
        if (n > l && memcmp(e->name + n - l, exts[k], l) == 0) {
            e->kind = k;
            n -= l;
            break;
        }
    }
    e->stem_len = n;
}

/* The sort of a folder: by time as the names tell it (rotation suffixes count
 * down to the current file; dated names sort by name), else by modification time. */
static int cmp_rotation(const void *pa, const void *pb)
{
    const dirent_entry *a = pa, *b = pb;
    if (a->rotation != b->rotation) {
        if (!a->rotation)
            return 1;
        if (!b->rotation)
            return -1;
        return a->rotation > b->rotation ? -1 : 1;
    }
    return dbl_natural_cmp(a->name, b->name);
}

static int cmp_name(const void *pa, const void *pb)
{
    const dirent_entry *a = pa, *b = pb;
    return dbl_natural_cmp(a->name, b->name);
}

static int cmp_mtime(const void *pa, const void *pb)
{
    const dirent_entry *a = pa, *b = pb;
    if (a->mtime.tv_sec != b->mtime.tv_sec)
        return a->mtime.tv_sec < b->mtime.tv_sec ? -1 : 1;
    if (a->mtime.tv_nsec != b->mtime.tv_nsec)
        return a->mtime.tv_nsec < b->mtime.tv_nsec ? -1 : 1;
    return dbl_natural_cmp(a->name, b->name);
}

/* True if name holds a date or time stamp (a run of 6+ digits, or digits - digits - digits). */
static bool dated(const char *name)
{
    unsigned run = 0, groups = 0;
    for (const char *p = name;; p++) {
        if (*p >= '0' && *p <= '9') {
            run++;
            continue;
        }
        if (run >= 6)
            return true;
        if (run >= 2)
            groups++;
        else if (run)
            groups = 0;
        run = 0;
        if (!*p)
            break;
    }
    return groups >= 3;
}

static bool read_dir(dbl_logreader *r, const char *path, dbl_error *err)
{
    DIR *d = opendir(path);
    if (!d) {
        dbl__logread_skip(r, DBL_SKIP_UNREADABLE, 0);
        dbl_error_set(err, "%s: %s", path, strerror(errno));
        return false;
    }
    DBL_ARRAY(dirent_entry) list = {0};
    struct dirent *e;
    size_t plen = strlen(path);
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        dbl_buf b = {0};
        dbl_buf_printf(&b, "%s%s%s", path, ends_with(path, "/") ? "" : "/", e->d_name);
        struct stat st;
        if (stat(dbl_buf_str(&b), &st) != 0 || !S_ISREG(st.st_mode)) {
            dbl_buf_free(&b);
            continue;
        }
        dirent_entry de = {0};
        de.path = dbl_strdup(dbl_buf_str(&b));
        de.name = de.path + plen + (ends_with(path, "/") ? 0 : 1);
        de.mtime = st.st_mtim;
        name_parts(&de);
        dbl_array_push(&list, de);
        dbl_buf_free(&b);
    }
    closedir(d);
    /* log_destination = 'stderr,csvlog,jsonlog' writes the same events to three
     * files of one stem: read one of them (jsonlog, else csvlog: they carry session ids) */
    for (uint32_t i = 0; i < list.size; i++) {
        dirent_entry *a = &list.items[i];
        for (uint32_t j = 0; j < list.size && a->kind; j++) {
            dirent_entry *b = &list.items[j];
            if (i != j && b->kind > a->kind && !b->skip && b->stem_len == a->stem_len &&
                b->rotation == a->rotation && memcmp(a->name, b->name, a->stem_len) == 0) {
                a->skip = true;
                break;
            }
        }
    }
    bool rotation = false, names = list.size > 0;
    for (uint32_t i = 0; i < list.size; i++) {
        rotation |= list.items[i].rotation > 0;
        names &= dated(list.items[i].name);
    }
    if (list.size > 1)
        qsort(list.items, list.size, sizeof list.items[0],
              rotation ? cmp_rotation : names ? cmp_name : cmp_mtime);
    for (uint32_t i = 0; i < list.size; i++) {
        if (!list.items[i].skip) {
            int fd = open(list.items[i].path, O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                dbl__logread_skip(r, DBL_SKIP_UNREADABLE, 0);
            else
                read_fd(r, list.items[i].path, fd);
        }
        dbl_free(list.items[i].path);
    }
    dbl_array_free(&list);
    return true;
}

bool dbl_logreader_read_path(dbl_logreader *r, const char *path, dbl_error *err)
{
    if (strcmp(path, "-") == 0) {
        read_fd(r, "-", 0);
        return true;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return read_dir(r, path, err);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        dbl__logread_skip(r, DBL_SKIP_UNREADABLE, 0);
        dbl_error_set(err, "%s: %s", path, strerror(errno));
        return false;
    }
    read_fd(r, path, fd);
    return true;
}

void dbl_logreader_finish(dbl_logreader *r)
{
    dbl__logmsg_flush_all(r);
}

/* source.c - line tables and byte/line/column conversions for one input file. */
#include "lint/source.h"

#include "lint/alloc.h"

dbl_source *dbl_source_new(uint32_t id, const char *path, char *text, uint32_t len)
{
    dbl_source *s = dbl_calloc(1, sizeof *s);
    s->id = id;
    s->path = dbl_strdup(path);
    s->text = text;
    s->len = len;
    s->has_bom = len >= 3 && (unsigned char)text[0] == 0xEF &&
                 (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF;
    uint32_t cap = 64, k = 1;
    s->line_starts = dbl_malloc(sizeof(uint32_t) * cap);
    s->line_starts[0] = 0;
    const char *p = text, *end = text + len;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        if (k == cap) {
            cap *= 2;
            s->line_starts = dbl_realloc(s->line_starts, sizeof(uint32_t) * cap);
        }
        s->line_starts[k++] = (uint32_t)(++p - text);
    }
    s->n_lines = k;
    return s;
}

void dbl_source_free(dbl_source *s)
{
    if (!s)
        return;
    dbl_free(s->path);
    dbl_free(s->text);
    dbl_free(s->line_starts);
    dbl_free(s);
}

uint32_t dbl_source_line_of(const dbl_source *s, uint32_t offset)
{
    uint32_t lo = 0, hi = s->n_lines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int dbl_utf8_seq_len(const unsigned char *p, size_t avail)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    int n;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4; min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)n > avail)
        return 0;
    unsigned cp = c & (0x3F >> (n - 1));
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Counts units between two offsets of one line. Invalid bytes count as one. */
static uint32_t S_count_units(const dbl_source *s, uint32_t from, uint32_t to, dbl_col_unit unit)
{
    if (unit == DBL_COL_BYTES)
        return to - from;
    uint32_t n = 0;
    const unsigned char *t = (const unsigned char *)s->text;
    while (from < to) {
        int k = dbl_utf8_seq_len(t + from, s->len - from);
        if (k == 0)
            k = 1;
        n += (unit == DBL_COL_UTF16 && k == 4) ? 2 : 1;
        from += (uint32_t)k;
    }
    return n;
}

static uint32_t S_line_content_start(const dbl_source *s, uint32_t line)
{
    uint32_t start = s->line_starts[line];
    if (line == 0 && s->has_bom)
        start = 3;
    return start;
}

void dbl_source_position(const dbl_source *s, uint32_t offset, dbl_col_unit unit,
                         uint32_t *line, uint32_t *col)
{
    if (offset > s->len)
        offset = s->len;
    uint32_t l = dbl_source_line_of(s, offset);
    uint32_t start = S_line_content_start(s, l);
    *line = l + 1;
    *col = (offset > start ? S_count_units(s, start, offset, unit) : 0) + 1;
}

const char *dbl_source_line_text(const dbl_source *s, uint32_t line, uint32_t *len)
{
    if (line >= s->n_lines) {
        *len = 0;
        return "";
    }
    uint32_t start = S_line_content_start(s, line);
    uint32_t end = line + 1 < s->n_lines ? s->line_starts[line + 1] - 1 : s->len;
    if (end > start && s->text[end - 1] == '\r')
        end--;
    if (end < start)
        end = start;
    *len = end - start;
    return s->text + start;
}

uint32_t dbl_source_offset(const dbl_source *s, uint32_t line, uint32_t col, dbl_col_unit unit)
{
    if (line >= s->n_lines)
        return s->len;
    uint32_t len;
    const char *lt = dbl_source_line_text(s, line, &len);
    uint32_t pos = (uint32_t)(lt - s->text), end = pos + len;
    const unsigned char *t = (const unsigned char *)s->text;
    while (col > 0 && pos < end) {
        int k = unit == DBL_COL_BYTES ? 1 : dbl_utf8_seq_len(t + pos, s->len - pos);
        if (k == 0)
            k = 1;
        uint32_t units = (unit == DBL_COL_UTF16 && k == 4) ? 2 : 1;
        if (units > col)
            break;
        col -= units;
        pos += (uint32_t)k;
    }
    return pos;
}

/* script.c - a psql-compatible statement splitter (see script.h). */
#include "lint/script.h"

#include <ctype.h>
#include <strings.h>

typedef struct {
    const char *t;
    uint32_t len, i;
    dbl_segment_list *out;
    /* the statement being read */
    int64_t start;        /* first token, or -1 */
    int paren_depth, begin_depth;
    int rule_depth;       /* depth of a CREATE RULE's action list "DO [ALSO|INSTEAD] (", or 0 */
    bool after_rule_kw;   /* the last token was DO, ALSO or INSTEAD */
    uint32_t n_idents;
    char lead[4];         /* first letters of create/or/replace/function/procedure */
    bool has_vars, is_copy, after_from, copy_stdin, routine;
} S_state;

/* Character classes, by byte: what can start and continue an identifier. */
enum { C_SPACE = 1, C_START = 2, C_CHAR = 4 };

static const unsigned char S_class[256] = {
    ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE, [' '] = C_SPACE,
    [0] = C_SPACE,
#define R(a) [a] = C_START | C_CHAR
    R('a'), R('b'), R('c'), R('d'), R('e'), R('f'), R('g'), R('h'), R('i'), R('j'), R('k'), R('l'), R('m'),
    R('n'), R('o'), R('p'), R('q'), R('r'), R('s'), R('t'), R('u'), R('v'), R('w'), R('x'), R('y'), R('z'),
    R('A'), R('B'), R('C'), R('D'), R('E'), R('F'), R('G'), R('H'), R('I'), R('J'), R('K'), R('L'), R('M'),
    R('N'), R('O'), R('P'), R('Q'), R('R'), R('S'), R('T'), R('U'), R('V'), R('W'), R('X'), R('Y'), R('Z'),
    R('_'),
#undef R
#define D(a) [a] = C_CHAR
    D('0'), D('1'), D('2'), D('3'), D('4'), D('5'), D('6'), D('7'), D('8'), D('9'), D('$'),
#undef D
#define H8(a) [a] = C_START | C_CHAR, [a + 1] = C_START | C_CHAR, [a + 2] = C_START | C_CHAR, \
              [a + 3] = C_START | C_CHAR, [a + 4] = C_START | C_CHAR, [a + 5] = C_START | C_CHAR, \
              [a + 6] = C_START | C_CHAR, [a + 7] = C_START | C_CHAR
    H8(0x80), H8(0x88), H8(0x90), H8(0x98), H8(0xA0), H8(0xA8), H8(0xB0), H8(0xB8),
    H8(0xC0), H8(0xC8), H8(0xD0), H8(0xD8), H8(0xE0), H8(0xE8), H8(0xF0), H8(0xF8),
#undef H8
};

static bool S_ident_start(unsigned char c)
{
    return S_class[c] & C_START;
}

static bool S_ident_char(unsigned char c)
{
    return S_class[c] & C_CHAR;
}

static void S_emit(S_state *s, dbl_seg_kind kind, uint32_t start, uint32_t end, bool vars)
{
    if (end > start)
        dbl_array_push(s->out, (dbl_segment){kind, start, end, vars});
}

static void S_reset(S_state *s)
{
    s->start = -1;
    s->paren_depth = s->begin_depth = s->rule_depth = 0;
    s->after_rule_kw = false;
    s->n_idents = 0;
    s->has_vars = s->is_copy = s->after_from = s->copy_stdin = s->routine = false;
    memset(s->lead, 0, sizeof s->lead);
}

static void S_token(S_state *s, uint32_t at)
{
    s->after_rule_kw = false;
    if (s->start < 0)
        s->start = at;
}

static uint32_t S_line_end(const S_state *s, uint32_t i)
{
    while (i < s->len && s->t[i] != '\n')
        i++;
    return i;
}

/* Skips COPY data lines starting at the line after `from`; emits them. */
static void S_copy_data(S_state *s, uint32_t from)
{
    uint32_t i = S_line_end(s, from);
    if (i >= s->len)
        return;
    uint32_t data = i + 1, p = data;
    while (p < s->len) {
        uint32_t e = S_line_end(s, p);
        uint32_t n = e - p;
        if (n > 0 && s->t[e - 1] == '\r')
            n--;
        if (n == 2 && s->t[p] == '\\' && s->t[p + 1] == '.') {
            S_emit(s, DBL_SEG_COPY_DATA, data, e, false);
            s->i = e;
            return;
        }
        p = e + 1;
    }
    S_emit(s, DBL_SEG_COPY_DATA, data, s->len, false);
    s->i = s->len;
}

static void S_end_statement(S_state *s, uint32_t end)
{
    bool copy = s->copy_stdin;
    if (s->start >= 0)
        S_emit(s, DBL_SEG_SQL, (uint32_t)s->start, end, s->has_vars);
    S_reset(s);
    if (copy)
        S_copy_data(s, end);
}

static void S_identifier(S_state *s, uint32_t a, uint32_t b)
{
    const char *w = s->t + a;
    uint32_t n = b - a;
#define IS(lit) (n == sizeof(lit) - 1 && strncasecmp(w, lit, n) == 0)
    if (s->n_idents < sizeof s->lead) {
        if (s->n_idents == 0)
            s->is_copy = IS("copy");
        s->lead[s->n_idents] = IS("create") || IS("or") || IS("replace") || IS("function") || IS("procedure")
                                   ? (char)tolower((unsigned char)w[0])
                                   : 0;
        const char *l = s->lead;
        s->routine = l[0] == 'c' && (l[1] == 'f' || l[1] == 'p' ||
                                     (l[1] == 'o' && l[2] == 'r' && (l[3] == 'f' || l[3] == 'p')));
    }
    s->n_idents++;
    s->after_rule_kw = IS("do") || IS("also") || IS("instead");
    if (s->is_copy && s->n_idents > 1 && s->paren_depth == 0) {
        if (s->after_from && (IS("stdin") || IS("pstdin")))
            s->copy_stdin = true;
        s->after_from = IS("from");
    }
    /* CREATE FUNCTION/PROCEDURE ... BEGIN ATOMIC ... END: psql's own heuristic */
    if (s->routine && s->paren_depth == 0 && n >= 3 && n <= 5) {
        if (IS("begin"))
            s->begin_depth++;
        else if (IS("case") && s->begin_depth > 0)
            s->begin_depth++;
        else if (IS("end") && s->begin_depth > 0)
            s->begin_depth--;
    }
#undef IS
}

/* A line that starts with CREATE and a word, while parentheses are open: a
 * statement whose ')' is not typed yet, and the next one. CREATE is reserved
 * in PostgreSQL, so inside parentheses it is at most a label (after "." or AS,
 * or an option name before "=" or a value), never a line's first word
 * followed by another word. */
static bool S_create_line(const S_state *s, uint32_t a, uint32_t b)
{
    if (b - a != 6 || strncasecmp(s->t + a, "create", 6) != 0)
        return false;
    uint32_t p = a;
    while (p > 0 && (s->t[p - 1] == ' ' || s->t[p - 1] == '\t'))
        p--;
    if (p > 0 && s->t[p - 1] != '\n')
        return false;
    while (b < s->len && (S_class[(unsigned char)s->t[b]] & C_SPACE))
        b++;
    return b < s->len && S_ident_start((unsigned char)s->t[b]);
}

/* A psql meta-command at s->i (a backslash). */
static void S_meta(S_state *s)
{
    uint32_t a = s->i, e = S_line_end(s, a);
    uint32_t n = a + 1;
    while (n < e && isalpha((unsigned char)s->t[n]))
        n++;
    const char *name = s->t + a + 1;
    uint32_t nl = n - a - 1;
    bool sends = (nl >= 1 && name[0] == 'g' && nl <= 6) ||
                 (nl == 5 && strncasecmp(name, "watch", 5) == 0) ||
                 (nl == 12 && strncasecmp(name, "crosstabview", 12) == 0);
    bool copy_in = false;
    if (nl == 4 && strncasecmp(name, "copy", 4) == 0) {
        for (uint32_t k = n; k + 5 <= e; k++)
            if (strncasecmp(s->t + k, "stdin", 5) == 0 || (k + 6 <= e && strncasecmp(s->t + k, "pstdin", 6) == 0)) {
                copy_in = true;
                break;
            }
    }
    if (sends && s->start >= 0) {
        bool copy = s->copy_stdin;
        s->copy_stdin = false;
        S_emit(s, DBL_SEG_SQL, (uint32_t)s->start, a, s->has_vars);
        S_reset(s);
        s->copy_stdin = copy;
    }
    S_emit(s, DBL_SEG_META, a, e, false);
    s->i = e;
    if (copy_in || (sends && s->copy_stdin)) {
        S_reset(s);
        S_copy_data(s, e);
    }
}

static void S_quoted(S_state *s, char q, bool backslashes)
{
    uint32_t i = s->i + 1;
    while (i < s->len) {
        char c = s->t[i];
        if (backslashes && c == '\\' && i + 1 < s->len) {
            i += 2;
            continue;
        }
        if (c == q) {
            if (i + 1 < s->len && s->t[i + 1] == q) {
                i += 2;
                continue;
            }
            s->i = i + 1;
            return;
        }
        i++;
    }
    s->i = s->len;
}

/* At a '$': a dollar-quoted string if a tag follows; returns false if not. */
static bool S_dollar(S_state *s)
{
    uint32_t a = s->i, i = a + 1;
    if (a > 0 && S_ident_char((unsigned char)s->t[a - 1]))
        return false;
    if (i < s->len && S_ident_start((unsigned char)s->t[i])) {
        while (i < s->len && S_ident_char((unsigned char)s->t[i]) && s->t[i] != '$')
            i++;
    }
    if (i >= s->len || s->t[i] != '$')
        return false;
    uint32_t taglen = i + 1 - a;
    const char *tag = s->t + a;
    for (uint32_t p = i + 1; p + taglen <= s->len; p++) {
        if (s->t[p] == '$' && memcmp(s->t + p, tag, taglen) == 0) {
            s->i = p + taglen;
            return true;
        }
    }
    s->i = s->len;
    return true;
}

void dbl_script_split(const char *text, uint32_t len, dbl_segment_list *out)
{
    S_state s = {.t = text, .len = len, .out = out};
    S_reset(&s);
    while (s.i < s.len) {
        unsigned char c = (unsigned char)s.t[s.i];
        unsigned char next = s.i + 1 < s.len ? (unsigned char)s.t[s.i + 1] : 0;
        if (S_class[c] & C_SPACE) {
            s.i++;
            while (s.i < s.len && (S_class[(unsigned char)s.t[s.i]] & C_SPACE))
                s.i++;
        } else if (c == '-' && next == '-') {
            const char *nl = memchr(s.t + s.i, '\n', s.len - s.i);
            s.i = nl ? (uint32_t)(nl - s.t) : s.len;
        } else if (c == '/' && next == '*') {
            int depth = 0;
            uint32_t i = s.i;
            while (i < s.len) {
                if (s.t[i] == '/' && i + 1 < s.len && s.t[i + 1] == '*') {
                    depth++;
                    i += 2;
                } else if (s.t[i] == '*' && i + 1 < s.len && s.t[i + 1] == '/') {
                    i += 2;
                    if (--depth == 0)
                        break;
                } else {
                    i++;
                }
            }
            s.i = i;
        } else if (c == '\\') {
            S_meta(&s);
        } else if (c == '\'') {
            S_token(&s, s.i);
            bool esc = s.i > 0 && (s.t[s.i - 1] == 'E' || s.t[s.i - 1] == 'e') &&
                       (s.i < 2 || !S_ident_char((unsigned char)s.t[s.i - 2]));
            S_quoted(&s, '\'', esc);
        } else if (c == '"') {
            S_token(&s, s.i);
            S_quoted(&s, '"', false);
        } else if (c == '$') {
            S_token(&s, s.i);
            if (!S_dollar(&s))
                s.i++;
        } else if (S_ident_start(c)) {
            S_token(&s, s.i);
            uint32_t a = s.i;
            while (s.i < s.len && S_ident_char((unsigned char)s.t[s.i]))
                s.i++;
            /* E'..', U&'..', B'..', X'..' prefixes are lexed with the quote */
            if (s.i < s.len && s.t[s.i] == '\'' && s.i - a == 1)
                continue;
            /* (not in COPY ... FROM STDIN: its data lines follow its end) */
            if (s.paren_depth > 0 && !s.copy_stdin && S_create_line(&s, a, s.i)) {
                S_end_statement(&s, a);
                S_token(&s, a);
            }
            S_identifier(&s, a, s.i);
        } else if (c == ':') {
            S_token(&s, s.i);
            if (next == ':') {
                s.i += 2;
            } else {
                if (S_ident_start(next) || next == '\'' || next == '"')
                    s.has_vars = true;
                s.i++;
            }
        } else if (c == '(') {
            bool rule_list = s.after_rule_kw;
            S_token(&s, s.i);
            s.paren_depth++;
            if (rule_list && s.rule_depth == 0)
                s.rule_depth = s.paren_depth;
            s.i++;
        } else if (c == ')') {
            S_token(&s, s.i);
            if (s.paren_depth > 0)
                s.paren_depth--;
            if (s.paren_depth < s.rule_depth)
                s.rule_depth = 0;
            s.i++;
        } else if (c == ';') {
            s.i++;
            /* In PostgreSQL's grammar a ';' inside parentheses belongs only to a
             * rule's action list. Anywhere else a ')' is missing, and the
             * statement ends here rather than swallow the rest of the file. */
            bool unclosed = s.paren_depth > 0 && s.paren_depth != s.rule_depth;
            if ((s.paren_depth == 0 && s.begin_depth == 0) || unclosed) {
                if (s.start >= 0)
                    S_end_statement(&s, s.i);
            } else {
                S_token(&s, s.i - 1);
            }
        } else {
            S_token(&s, s.i);
            s.i++;
        }
    }
    if (s.start >= 0)
        S_emit(&s, DBL_SEG_SQL, (uint32_t)s.start, s.len, s.has_vars);
}

/* alloc.c - the one module that calls malloc: hooks, arenas, string buffers. */
#include "lint/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static void S_oom(size_t n)
{
    fprintf(stderr, "dbl: out of memory allocating %zu bytes\n", n);
    abort();
}

void *dbl__malloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        S_oom(size);
    return p;
}

void *dbl__calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        S_oom(n * size);
    return p;
}

void *dbl__realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        S_oom(size);
    return q;
}

void dbl__free(void *p) { free(p); }

char *dbl_strdup(const char *s)
{
    return s ? dbl_strndup(s, strlen(s)) : NULL;
}

char *dbl_strndup(const char *s, size_t n)
{
    char *r = dbl_malloc(n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

/* Arena: a chain of blocks; large requests get a block of their own. */
typedef struct S_block {
    struct S_block *next;
    size_t used, size;
    max_align_t data[];
} S_block;

struct dbl_arena {
    S_block *head;
    size_t total;
};

static const size_t ARENA_BLOCK = 64 * 1024;

dbl_arena *dbl_arena_new(void)
{
    return dbl_calloc(1, sizeof(dbl_arena));
}

void dbl_arena_free(dbl_arena *a)
{
    if (!a)
        return;
    S_block *b = a->head;
    while (b) {
        S_block *next = b->next;
        dbl_free(b);
        b = next;
    }
    dbl_free(a);
}

void *dbl_arena_alloc(dbl_arena *a, size_t size)
{
    size = (size + 7) & ~(size_t)7;
    S_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t cap = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
        S_block *nb = dbl_malloc(sizeof(S_block) + cap);
        nb->used = 0;
        nb->size = cap;
        if (cap == size && b) {
            /* A big one-off: keep the current block as the allocation head. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

char *dbl_arena_strndup(dbl_arena *a, const char *s, size_t n)
{
    char *r = dbl_arena_alloc(a, n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

char *dbl_arena_strdup(dbl_arena *a, const char *s)
{
    return s ? dbl_arena_strndup(a, s, strlen(s)) : NULL;
}

char *dbl_arena_vprintf(dbl_arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *r = dbl_arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
    if (n > 0)
        vsnprintf(r, (size_t)n + 1, fmt, again);
    va_end(again);
    return r;
}

char *dbl_arena_printf(dbl_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *r = dbl_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return r;
}

size_t dbl_arena_used(const dbl_arena *a) { return a->total; }

void dbl_buf_flush(dbl_buf *b)
{
    if (b->flush && b->len) {
        b->flush(b->flush_ud, b->data, b->len);
        b->len = 0;
        b->data[0] = '\0';
    }
}

void dbl_buf_append(dbl_buf *b, const char *s, size_t n)
{
    if (b->flush && b->len + n > 64 * 1024)
        dbl_buf_flush(b);
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = dbl_realloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void dbl_buf_puts(dbl_buf *b, const char *s) { dbl_buf_append(b, s, strlen(s)); }

void dbl_buf_putc(dbl_buf *b, char c) { dbl_buf_append(b, &c, 1); }

void dbl_buf_printf(dbl_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        dbl_buf_append(b, small, (size_t)n);
        return;
    }
    char *big = dbl_malloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    dbl_buf_append(b, big, (size_t)n);
    dbl_free(big);
}

void dbl_buf_free(dbl_buf *b)
{
    dbl_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *dbl_buf_str(dbl_buf *b)
{
    if (!b->data)
        dbl_buf_append(b, "", 0);
    return b->data;
}

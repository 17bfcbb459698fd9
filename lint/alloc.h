/* alloc.h - hookable allocation, arenas and a generic growable array.
 *
 * All heap memory goes through dbl_malloc/dbl_realloc/dbl_free. The default
 * hooks abort on out-of-memory, so callers never check for NULL.
 */
#ifndef DBL_ALLOC_H
#define DBL_ALLOC_H

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *dbl__malloc(size_t size);
void *dbl__calloc(size_t n, size_t size);
void *dbl__realloc(void *p, size_t size);
void dbl__free(void *p);

#define dbl_malloc(n) dbl__malloc(n)
#define dbl_calloc(n, s) dbl__calloc((n), (s))
#define dbl_realloc(p, n) dbl__realloc((p), (n))
#define dbl_free(p) dbl__free(p)

/* Returns a heap copy of s (NULL for NULL). The caller frees it with dbl_free(). */
char *dbl_strdup(const char *s);
/* Returns a heap copy of the first n bytes of s, NUL-terminated. */
char *dbl_strndup(const char *s, size_t n);

/* An arena: many allocations freed at once. One per unit of work. */
typedef struct dbl_arena dbl_arena;

/* Creates an empty arena. The caller frees it with dbl_arena_free(). */
dbl_arena *dbl_arena_new(void);
/* Frees every allocation of the arena and the arena itself; NULL is a no-op. */
void dbl_arena_free(dbl_arena *a);
/* Returns zeroed, 8-byte aligned, arena-owned memory. Never fails. */
void *dbl_arena_alloc(dbl_arena *a, size_t size);
/* Returns an arena-owned copy of s (NULL for NULL). */
char *dbl_arena_strdup(dbl_arena *a, const char *s);
/* Returns an arena-owned NUL-terminated copy of n bytes of s. */
char *dbl_arena_strndup(dbl_arena *a, const char *s, size_t n);
/* Returns an arena-owned formatted string. */
char *dbl_arena_printf(dbl_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The va_list form of dbl_arena_printf(). */
char *dbl_arena_vprintf(dbl_arena *a, const char *fmt, va_list ap);
/* Bytes handed out so far (for measurements). */
size_t dbl_arena_used(const dbl_arena *a);

/* A generic vector: DBL_ARRAY(int) v = {0}; dbl_array_push(&v, 3); */
#define DBL_ARRAY(T) struct { T *items; uint32_t size, capacity; }

typedef DBL_ARRAY(void) dbl__void_array;

static inline void dbl__array_grow(dbl__void_array *a, size_t elem, uint32_t need)
{
    if (need <= a->capacity)
        return;
    uint32_t cap = a->capacity ? a->capacity * 2 : 4;
    while (cap < need)
        cap *= 2;
    a->items = dbl_realloc(a->items, (size_t)cap * elem);
    a->capacity = cap;
}

#define dbl_array_reserve(a, n) \
    dbl__array_grow((dbl__void_array *)(void *)(a), sizeof(*(a)->items), (n))
#define dbl_array_push(a, ...)                                  \
    (dbl_array_reserve((a), (a)->size + 1),                     \
     (a)->items[(a)->size++] = (__VA_ARGS__))
#define dbl_array_get(a, i) \
    (assert((uint32_t)(i) < (a)->size), &(a)->items[(i)])
#define dbl_array_last(a) dbl_array_get((a), (a)->size - 1)
#define dbl_array_free(a) \
    (dbl_free((a)->items), (a)->items = NULL, (a)->size = 0, (a)->capacity = 0)
#define dbl_array_clear(a) ((a)->size = 0)

/* A growable string buffer. With a flush callback set, the contents are
 * handed to it whenever they pass 64 KiB, so output streams in bounded memory. */
typedef struct dbl_buf {
    char *data;
    size_t len, cap;
    void (*flush)(void *ud, const char *data, size_t len);
    void *flush_ud;
} dbl_buf;

/* Hands any buffered contents to the flush callback (no-op without one). */
void dbl_buf_flush(dbl_buf *b);

void dbl_buf_append(dbl_buf *b, const char *s, size_t n);
void dbl_buf_puts(dbl_buf *b, const char *s);
void dbl_buf_putc(dbl_buf *b, char c);
void dbl_buf_printf(dbl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Frees the buffer's memory and resets it; the struct itself is the caller's. */
void dbl_buf_free(dbl_buf *b);
/* Returns the contents as a NUL-terminated string (never NULL). */
const char *dbl_buf_str(dbl_buf *b);

#endif

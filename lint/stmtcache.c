/* stmtcache.c - parsed statements kept across runs, keyed by their text. */
#include "lint/stmtcache.h"

#include <string.h>

struct dbl_stmt_batch {
    dbl_stmt_cache *cache;
    dbl_arena *arena;
    uint32_t refs;              /* live entries in the arena */
};

typedef struct S_slot {
    uint64_t hash;
    uint32_t len;
    uint64_t last_used;         /* run number */
    const char *text;           /* batch-owned copy */
    dbl_stmt_entry *entry;      /* batch-owned; NULL: empty slot */
    dbl_stmt_batch *batch;
} S_slot;

struct dbl_stmt_cache {
    S_slot *slots;              /* open addressing, linear probing; capacity a power of two */
    uint32_t capacity, size;
    uint64_t run;               /* the current run's number */
    uint64_t hits, misses;
    size_t bytes;
};

static const uint32_t INITIAL_SLOTS = 1024;

/* 64-bit hash of the bytes, eight at a time. */
static uint64_t S_hash(const char *p, uint32_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    memcpy(&tail, p + i, n - i);
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 32);
}

dbl_stmt_cache *dbl_stmt_cache_new(void)
{
    dbl_stmt_cache *c = dbl_calloc(1, sizeof *c);
    c->capacity = INITIAL_SLOTS;
    c->slots = dbl_calloc(c->capacity, sizeof(S_slot));
    c->run = 1;
    return c;
}

static void S_release(dbl_stmt_batch *b)
{
    if (--b->refs == 0) {
        b->cache->bytes -= dbl_arena_used(b->arena);
        dbl_arena_free(b->arena);
        dbl_free(b);
    }
}

void dbl_stmt_cache_free(dbl_stmt_cache *c)
{
    if (!c)
        return;
    for (uint32_t i = 0; i < c->capacity; i++)
        if (c->slots[i].entry)
            S_release(c->slots[i].batch);
    dbl_free(c->slots);
    dbl_free(c);
}

static S_slot *S_probe(S_slot *slots, uint32_t capacity, uint64_t hash, const char *text, uint32_t len)
{
    uint32_t mask = capacity - 1;
    for (uint32_t i = (uint32_t)hash & mask;; i = (i + 1) & mask) {
        S_slot *s = &slots[i];
        if (!s->entry)
            return s;
        if (s->hash == hash && s->len == len && memcmp(s->text, text, len) == 0)
            return s;
    }
}

static void S_rehash(dbl_stmt_cache *c, uint32_t capacity)
{
    S_slot *slots = dbl_calloc(capacity, sizeof(S_slot));
    for (uint32_t i = 0; i < c->capacity; i++) {
        S_slot *s = &c->slots[i];
        if (s->entry)
            *S_probe(slots, capacity, s->hash, s->text, s->len) = *s;
    }
    dbl_free(c->slots);
    c->slots = slots;
    c->capacity = capacity;
}

void dbl_stmt_cache_sweep(dbl_stmt_cache *c, uint32_t keep)
{
    if (keep == 0)
        keep = 1;
    uint32_t kept = 0, freed = 0;
    for (uint32_t i = 0; i < c->capacity; i++) {
        S_slot *s = &c->slots[i];
        if (!s->entry)
            continue;
        if (s->last_used + keep > c->run) {
            kept++;
            continue;
        }
        S_release(s->batch);
        s->entry = NULL;
        freed++;
    }
    c->size = kept;
    c->run++;
    if (!freed)
        return;
    /* removing from a linear-probing table breaks probe chains: rebuild it */
    uint32_t capacity = INITIAL_SLOTS;
    while (capacity < kept * 2)
        capacity *= 2;
    S_rehash(c, capacity);
}

dbl_stmt_cache_stats dbl_stmt_cache_get_stats(const dbl_stmt_cache *c)
{
    return (dbl_stmt_cache_stats){c->hits, c->misses, c->size, c->bytes};
}

const dbl_stmt_entry *dbl_stmt_cache_find(dbl_stmt_cache *c, const char *text, uint32_t len)
{
    S_slot *s = S_probe(c->slots, c->capacity, S_hash(text, len), text, len);
    if (!s->entry) {
        c->misses++;
        return NULL;
    }
    c->hits++;
    s->last_used = c->run;
    return s->entry;
}

dbl_stmt_batch *dbl_stmt_cache_batch(dbl_stmt_cache *c)
{
    dbl_stmt_batch *b = dbl_calloc(1, sizeof *b);
    b->cache = c;
    b->arena = dbl_arena_new();
    b->refs = 1; /* the batch's own, until dbl_stmt_batch_end() */
    return b;
}

dbl_arena *dbl_stmt_batch_arena(dbl_stmt_batch *b) { return b->arena; }

const dbl_stmt_entry *dbl_stmt_batch_add(dbl_stmt_batch *b, const char *text, uint32_t len,
                                         const dbl_stmt_entry *e)
{
    dbl_stmt_cache *c = b->cache;
    dbl_arena *a = b->arena;
    dbl_stmt_entry *copy = dbl_arena_alloc(a, sizeof *copy);
    *copy = *e;
    if (e->n_stmts) {
        copy->stmts = dbl_arena_alloc(a, sizeof(dbl_front_stmt) * e->n_stmts);
        memcpy(copy->stmts, e->stmts, sizeof(dbl_front_stmt) * e->n_stmts);
        for (uint32_t i = 0; i < e->n_stmts; i++)
            copy->stmts[i].first_event -= e->stmts[0].first_event;
    }
    if (e->n_events) {
        copy->events = dbl_arena_alloc(a, sizeof(dbl_event) * e->n_events);
        memcpy(copy->events, e->events, sizeof(dbl_event) * e->n_events);
    }
    if ((c->size + 1) * 2 > c->capacity)
        S_rehash(c, c->capacity * 2);
    uint64_t hash = S_hash(text, len);
    S_slot *s = S_probe(c->slots, c->capacity, hash, text, len);
    if (s->entry) {
        /* the same text twice in one batch: the first entry stays */
        s->last_used = c->run;
        return s->entry;
    }
    *s = (S_slot){.hash = hash, .len = len, .last_used = c->run, .text = dbl_arena_strndup(a, text, len),
                  .entry = copy, .batch = b};
    b->refs++;
    c->size++;
    return copy;
}

void dbl_stmt_batch_end(dbl_stmt_batch *b)
{
    dbl_stmt_cache *c = b->cache;
    c->bytes += dbl_arena_used(b->arena);
    /* later additions to a released arena are not counted: the batch is over */
    S_release(b);
}

/* ---- moving events ------------------------------------------------------------ */

static dbl_span S_moved(dbl_span s, uint32_t delta)
{
    return (dbl_span){s.start + delta, s.end + delta};
}

void dbl_event_move(dbl_event *ev, uint32_t file, uint32_t delta, dbl_arena *arena)
{
    ev->loc.file = file;
    if (delta == 0)
        return;
    ev->loc.span = S_moved(ev->loc.span, delta);
    ev->type.span = S_moved(ev->type.span, delta);
    if (ev->n_columns) {
        dbl_ev_column *cols = dbl_arena_alloc(arena, sizeof *cols * ev->n_columns);
        for (uint32_t i = 0; i < ev->n_columns; i++) {
            cols[i] = ev->columns[i];
            cols[i].span = S_moved(cols[i].span, delta);
            cols[i].type.span = S_moved(cols[i].type.span, delta);
        }
        ev->columns = cols;
    }
    if (ev->n_constraints) {
        dbl_ev_constraint *cons = dbl_arena_alloc(arena, sizeof *cons * ev->n_constraints);
        for (uint32_t i = 0; i < ev->n_constraints; i++) {
            cons[i] = ev->constraints[i];
            cons[i].span = S_moved(cons[i].span, delta);
        }
        ev->constraints = cons;
    }
}

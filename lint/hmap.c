/* hmap.c - open-addressing string hash map with linear probing. */
#include "lint/hmap.h"

#include <string.h>

#include "lint/alloc.h"

typedef struct dbl__hslot {
    const char *key; /* NULL: empty; TOMB: deleted */
    void *value;
    uint64_t hash;
} S_slot;

static const char S_tomb[1];
#define TOMB (&S_tomb[0])

uint64_t dbl_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static S_slot *S_find(const dbl_hmap *m, const char *key, uint64_t h)
{
    if (!m->cap)
        return NULL;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        S_slot *s = &m->slots[i];
        if (!s->key)
            return NULL;
        if (s->key != TOMB && s->hash == h && strcmp(s->key, key) == 0)
            return s;
    }
}

void *dbl_hmap_get(const dbl_hmap *m, const char *key)
{
    S_slot *s = S_find(m, key, dbl_hash_str(key));
    return s ? s->value : NULL;
}

void **dbl_hmap_slot(dbl_hmap *m, const char *key)
{
    S_slot *s = S_find(m, key, dbl_hash_str(key));
    return s ? &s->value : NULL;
}

static void S_grow(dbl_hmap *m)
{
    uint32_t old_cap = m->cap;
    S_slot *old = m->slots;
    /* grow for live keys only: when deletions filled the table, rehash it at its size */
    m->cap = old_cap ? old_cap : 64;
    while ((m->count + 1) * 2 > m->cap)
        m->cap *= 2;
    m->slots = dbl_calloc(m->cap, sizeof(S_slot));
    m->tombs = 0;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = 0; i < old_cap; i++) {
        if (!old[i].key || old[i].key == TOMB)
            continue;
        uint32_t j = (uint32_t)old[i].hash & mask;
        while (m->slots[j].key)
            j = (j + 1) & mask;
        m->slots[j] = old[i];
    }
    dbl_free(old);
}

void dbl_hmap_put(dbl_hmap *m, const char *key, void *value)
{
    uint64_t h = dbl_hash_str(key);
    S_slot *s = S_find(m, key, h);
    if (s) {
        s->value = value;
        return;
    }
    if ((m->count + m->tombs + 1) * 4 > m->cap * 3)
        S_grow(m);
    uint32_t mask = m->cap - 1;
    uint32_t i = (uint32_t)h & mask;
    while (m->slots[i].key && m->slots[i].key != TOMB)
        i = (i + 1) & mask;
    if (m->slots[i].key == TOMB)
        m->tombs--;
    m->slots[i] = (S_slot){key, value, h};
    m->count++;
}

void *dbl_hmap_del(dbl_hmap *m, const char *key)
{
    S_slot *s = S_find(m, key, dbl_hash_str(key));
    if (!s)
        return NULL;
    void *v = s->value;
    s->key = TOMB;
    s->value = NULL;
    m->count--;
    m->tombs++;
    return v;
}

void dbl_hmap_free(dbl_hmap *m)
{
    dbl_free(m->slots);
    memset(m, 0, sizeof *m);
}

void *dbl_hmap_value_at(const dbl_hmap *m, uint32_t i)
{
    if (i >= m->cap)
        return NULL;
    const S_slot *s = &m->slots[i];
    return s->key && s->key != TOMB ? s->value : NULL;
}

/* hmap.h - an open-addressing hash map from strings to pointers.
 *
 * Keys are not copied: they must outlive the map (arena strings do).
 */
#ifndef DBL_HMAP_H
#define DBL_HMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct dbl_hmap {
    struct dbl__hslot *slots;
    uint32_t cap, count, tombs;
} dbl_hmap;

/* Returns the value for key, or NULL. */
void *dbl_hmap_get(const dbl_hmap *m, const char *key);
/* The value slot of an existing key (to update in place), or NULL. */
void **dbl_hmap_slot(dbl_hmap *m, const char *key);
/* Sets key to value (replacing any previous value). */
void dbl_hmap_put(dbl_hmap *m, const char *key, void *value);
/* Removes key; returns its value or NULL. */
void *dbl_hmap_del(dbl_hmap *m, const char *key);
/* The value in slot i (0 <= i < m->cap), or NULL for an empty slot: for visiting every entry. */
void *dbl_hmap_value_at(const dbl_hmap *m, uint32_t i);
/* Frees the table (not keys or values). */
void dbl_hmap_free(dbl_hmap *m);
/* FNV-1a over a NUL-terminated string. */
uint64_t dbl_hash_str(const char *s);

#endif

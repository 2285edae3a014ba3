/*
 * hashmap.h - two small open-addressing hash tables for hot loops: a set of
 * strings (region codes) and a map from 64-bit keys to 64-bit values (NIK
 * digits to row data during import). Each owns its memory; _free accepts NULL.
 */
#ifndef PL_UTIL_HASHMAP_H
#define PL_UTIL_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pl_strset pl_strset;

/* New empty set; NULL when out of memory. */
pl_strset *pl_strset_new(void);
void pl_strset_free(pl_strset *s);
/* Adds a copy of key. Returns 0, or PL_ENOMEM. */
int pl_strset_add(pl_strset *s, const char *key);
bool pl_strset_has(const pl_strset *s, const char *key);
size_t pl_strset_count(const pl_strset *s);

typedef struct pl_u64map pl_u64map;

typedef struct pl_u64map_entry {
    uint64_t key;
    uint64_t a, b; /* two payload words, meaning is the caller's */
} pl_u64map_entry;

/* New map sized for about n entries (it grows as needed). */
pl_u64map *pl_u64map_new(size_t n);
void pl_u64map_free(pl_u64map *m);
/*
 * Finds key; when absent and create is true inserts it with zero payload.
 * Returns the entry (valid until the next insertion) or NULL when absent or
 * out of memory. Key 0 is reserved and never found.
 */
pl_u64map_entry *pl_u64map_get(pl_u64map *m, uint64_t key, bool create);

#endif

/* hashmap.c - open addressing with linear probing, power-of-two capacity. */
#include "util/hashmap.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

struct pl_strset {
    char **slots;
    size_t cap, n;
};

pl_strset *pl_strset_new(void)
{
    pl_strset *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->cap = 1024;
    s->slots = calloc(s->cap, sizeof *s->slots);
    if (s->slots == NULL) {
        free(s);
        return NULL;
    }
    return s;
}

void pl_strset_free(pl_strset *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->cap; i++)
        free(s->slots[i]);
    free(s->slots);
    free(s);
}

static char **find_slot(char **slots, size_t cap, const char *key)
{
    size_t i = (size_t)hash_str(key) & (cap - 1);
    while (slots[i] && strcmp(slots[i], key) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

int pl_strset_add(pl_strset *s, const char *key)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap * 2;
        char **slots = calloc(cap, sizeof *slots);
        if (slots == NULL)
            return PL_ENOMEM;
        for (size_t i = 0; i < s->cap; i++)
            if (s->slots[i])
                *find_slot(slots, cap, s->slots[i]) = s->slots[i];
        free(s->slots);
        s->slots = slots;
        s->cap = cap;
    }
    char **slot = find_slot(s->slots, s->cap, key);
    if (*slot)
        return 0;
    *slot = strdup(key);
    if (*slot == NULL)
        return PL_ENOMEM;
    s->n++;
    return 0;
}

bool pl_strset_has(const pl_strset *s, const char *key)
{
    return *find_slot(s->slots, s->cap, key) != NULL;
}

size_t pl_strset_count(const pl_strset *s)
{
    return s->n;
}

struct pl_u64map {
    pl_u64map_entry *slots;
    size_t cap, n;
};

pl_u64map *pl_u64map_new(size_t n)
{
    pl_u64map *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    if (n > SIZE_MAX / 4) { /* n * 2 and the doubling below must not wrap */
        free(m);
        return NULL;
    }
    m->cap = 1024;
    while (m->cap < n * 2)
        m->cap *= 2;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (m->slots == NULL) {
        free(m);
        return NULL;
    }
    return m;
}

void pl_u64map_free(pl_u64map *m)
{
    if (m == NULL)
        return;
    free(m->slots);
    free(m);
}

static pl_u64map_entry *probe(pl_u64map_entry *slots, size_t cap, uint64_t key)
{
    size_t i = (size_t)mix64(key) & (cap - 1);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

pl_u64map_entry *pl_u64map_get(pl_u64map *m, uint64_t key, bool create)
{
    if (key == 0)
        return NULL;
    pl_u64map_entry *e = probe(m->slots, m->cap, key);
    if (e->key)
        return e;
    if (!create)
        return NULL;
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap * 2;
        pl_u64map_entry *slots = calloc(cap, sizeof *slots);
        if (slots == NULL)
            return NULL;
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                *probe(slots, cap, m->slots[i].key) = m->slots[i];
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
        e = probe(m->slots, m->cap, key);
    }
    e->key = key;
    m->n++;
    return e;
}

/* suppress.c - primary and complementary small-cell suppression. */
#include "domain/suppress.h"

#include "util/error.h"
#include "util/hashmap.h"
#include "util/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool pl_suppress_is_small(long v)
{
    return v >= 1 && v < PL_SUPPRESS_MIN;
}

bool pl_suppress_hidden(long v)
{
    return v < 0;
}

/* ------------------------------------------------------------ cells */

typedef struct group {
    long total;
    size_t off, n; /* members[off .. off+n) */
} group;

struct pl_suppress {
    long *value;
    bool *hidden;
    size_t n, cap_value, cap_hidden;
    group *groups;
    size_t n_groups, cap_groups;
    long *members;
    size_t n_members, cap_members;
};

pl_suppress *pl_suppress_new(void)
{
    return calloc(1, sizeof(pl_suppress));
}

void pl_suppress_free(pl_suppress *t)
{
    if (t == NULL)
        return;
    free(t->value);
    free(t->hidden);
    free(t->groups);
    free(t->members);
    free(t);
}

long pl_suppress_cell(pl_suppress *t, long v)
{
    if (pl_vec_reserve(&t->value, &t->cap_value, t->n, 1) ||
        pl_vec_reserve(&t->hidden, &t->cap_hidden, t->n, 1))
        return PL_ENOMEM;
    t->value[t->n] = v > 0 ? v : 0;
    t->hidden[t->n] = false;
    return (long)t->n++;
}

void pl_suppress_cell_add(pl_suppress *t, long i, long v)
{
    if (i >= 0 && (size_t)i < t->n && v > 0)
        t->value[i] += v;
}

void pl_suppress_force(pl_suppress *t, long i)
{
    if (i >= 0 && (size_t)i < t->n)
        t->hidden[i] = true;
}

int pl_suppress_group(pl_suppress *t, long total, const long *members, size_t n)
{
    if (total < 0 || (size_t)total >= t->n)
        return PL_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (members[i] < 0 || (size_t)members[i] >= t->n)
            return PL_EINVAL;
    if (n == 0)
        return 0;
    if (pl_vec_reserve(&t->groups, &t->cap_groups, t->n_groups, 1) ||
        pl_vec_reserve(&t->members, &t->cap_members, t->n_members, n))
        return PL_ENOMEM;
    memcpy(t->members + t->n_members, members, n * sizeof *members);
    t->groups[t->n_groups++] = (group){total, t->n_members, n};
    t->n_members += n;
    return 0;
}

/*
 * Makes one group safe; returns the number of cells it hid. A group whose
 * total is hidden gives nothing away by subtraction and is left alone.
 */
static size_t protect(pl_suppress *t, const group *g)
{
    size_t added = 0;
    const long *m = t->members + g->off;
    while (!t->hidden[g->total]) {
        size_t k = 0;
        long sum = 0, best = -1;
        for (size_t i = 0; i < g->n; i++) {
            long c = m[i];
            if (t->hidden[c]) {
                k++;
                sum += t->value[c];
            } else if (t->value[c] > 0 && (best < 0 || t->value[c] < t->value[best])) {
                best = c;
            }
        }
        if (k == 0 || (k >= 2 && sum >= PL_SUPPRESS_MIN))
            break;
        t->hidden[best >= 0 ? best : g->total] = true;
        added++;
    }
    return added;
}

size_t pl_suppress_run(pl_suppress *t)
{
    size_t hidden = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (!t->hidden[i] && pl_suppress_is_small(t->value[i]))
            t->hidden[i] = true;
        hidden += t->hidden[i];
    }
    size_t added;
    do {
        added = 0;
        for (size_t g = 0; g < t->n_groups; g++)
            added += protect(t, &t->groups[g]);
        hidden += added;
    } while (added);
    return hidden;
}

bool pl_suppress_is_hidden(const pl_suppress *t, long i)
{
    return i >= 0 && (size_t)i < t->n && t->hidden[i];
}

long pl_suppress_value(const pl_suppress *t, long i)
{
    return i >= 0 && (size_t)i < t->n ? t->value[i] : 0;
}

/* ------------------------------------------------------------- tree */

/* Code lengths of the levels: root, province, regency, district, village. */
static const size_t level_len[5] = {0, 2, 5, 8, 13};

typedef struct node {
    long parent; /* node index, -1 for the root */
    long cell0;  /* cell of measure 0; measure m is cell0 + m */
} node;

typedef struct sum_decl {
    int total;
    size_t off, n; /* into sum_members */
} sum_decl;

struct pl_suppress_tree {
    int measures;
    pl_suppress *cells;
    pl_u64map *index; /* key(code) -> node index + 1 in a */
    node *nodes;
    size_t n_nodes, cap_nodes;
    sum_decl *sums;
    size_t n_sums, cap_sums;
    int *sum_members;
    size_t n_sum_members, cap_sum_members;
};

/* A region code's key: its digits with the level, +1 (0 is reserved); 0 if malformed. */
static uint64_t code_key(const char *code, size_t len)
{
    int level = -1;
    for (int l = 0; l < 5; l++)
        if (level_len[l] == len)
            level = l;
    if (level < 0)
        return 0;
    uint64_t k = 0;
    for (size_t i = 0; i < len; i++) {
        bool dot = i == 2 || i == 5 || i == 8;
        if (dot ? code[i] != '.' : (code[i] < '0' || code[i] > '9'))
            return 0;
        if (!dot)
            k = k * 10 + (uint64_t)(code[i] - '0');
    }
    return k * 8 + (uint64_t)level + 1;
}

pl_suppress_tree *pl_suppress_tree_new(int measures)
{
    if (measures < 1)
        return NULL;
    pl_suppress_tree *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->measures = measures;
    t->cells = pl_suppress_new();
    t->index = pl_u64map_new(1024);
    if (t->cells == NULL || t->index == NULL) {
        pl_suppress_tree_free(t);
        return NULL;
    }
    return t;
}

void pl_suppress_tree_free(pl_suppress_tree *t)
{
    if (t == NULL)
        return;
    pl_suppress_free(t->cells);
    pl_u64map_free(t->index);
    free(t->nodes);
    free(t->sums);
    free(t->sum_members);
    free(t);
}

/* The node of code[0..len), created (with its ancestors) when create is true; -1 if none. */
static long node_of(pl_suppress_tree *t, const char *code, size_t len, bool create, int *rc)
{
    uint64_t key = code_key(code, len);
    if (key == 0) {
        *rc = PL_EINVAL;
        return -1;
    }
    pl_u64map_entry *e = pl_u64map_get(t->index, key, false);
    if (e)
        return (long)e->a - 1;
    if (!create)
        return -1;
    long parent = -1;
    if (len > 0) {
        size_t plen = 0;
        for (int l = 4; l > 0; l--)
            if (level_len[l] == len)
                plen = level_len[l - 1];
        if ((parent = node_of(t, code, plen, true, rc)) < 0)
            return -1;
    }
    if (pl_vec_reserve(&t->nodes, &t->cap_nodes, t->n_nodes, 1)) {
        *rc = PL_ENOMEM;
        return -1;
    }
    long cell0 = -1;
    for (int m = 0; m < t->measures; m++) {
        long c = pl_suppress_cell(t->cells, 0);
        if (c < 0) {
            *rc = PL_ENOMEM;
            return -1;
        }
        if (m == 0)
            cell0 = c;
    }
    e = pl_u64map_get(t->index, key, true);
    if (e == NULL) {
        *rc = PL_ENOMEM;
        return -1;
    }
    e->a = t->n_nodes + 1;
    t->nodes[t->n_nodes] = (node){parent, cell0};
    return (long)t->n_nodes++;
}

int pl_suppress_tree_add(pl_suppress_tree *t, const char *code, int m, long v)
{
    if (m < 0 || m >= t->measures || code == NULL)
        return PL_EINVAL;
    int rc = 0;
    long n = node_of(t, code, strlen(code), true, &rc);
    if (n < 0)
        return rc ? rc : PL_EINVAL;
    for (; n >= 0; n = t->nodes[n].parent)
        pl_suppress_cell_add(t->cells, t->nodes[n].cell0 + m, v);
    return 0;
}

int pl_suppress_tree_sum(pl_suppress_tree *t, int total, const int *members, int n)
{
    if (total < 0 || total >= t->measures || n < 0)
        return PL_EINVAL;
    for (int i = 0; i < n; i++)
        if (members[i] < 0 || members[i] >= t->measures)
            return PL_EINVAL;
    if (pl_vec_reserve(&t->sums, &t->cap_sums, t->n_sums, 1) ||
        pl_vec_reserve(&t->sum_members, &t->cap_sum_members, t->n_sum_members, (size_t)n))
        return PL_ENOMEM;
    memcpy(t->sum_members + t->n_sum_members, members, (size_t)n * sizeof *members);
    t->sums[t->n_sums++] = (sum_decl){total, t->n_sum_members, (size_t)n};
    t->n_sum_members += (size_t)n;
    return 0;
}

int pl_suppress_tree_run(pl_suppress_tree *t)
{
    /* Children of each node, as a counting sort by parent. */
    size_t nn = t->n_nodes;
    size_t *start = calloc(nn + 1, sizeof *start);
    long *kids = malloc((nn ? nn : 1) * sizeof *kids);
    long *members = malloc((nn + 1) * sizeof *members);
    size_t max_sum = 0;
    for (size_t i = 0; i < t->n_sums; i++)
        if (t->sums[i].n > max_sum)
            max_sum = t->sums[i].n;
    long *sm = malloc((max_sum + 1) * sizeof *sm);
    int rc = 0;
    if (start == NULL || kids == NULL || members == NULL || sm == NULL) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < nn; i++)
        if (t->nodes[i].parent >= 0)
            start[t->nodes[i].parent + 1]++;
    for (size_t i = 0; i < nn; i++)
        start[i + 1] += start[i];
    size_t *fill = calloc(nn + 1, sizeof *fill);
    if (fill == NULL) {
        rc = PL_ENOMEM;
        goto out;
    }
    for (size_t i = 0; i < nn; i++) {
        long p = t->nodes[i].parent;
        if (p >= 0)
            kids[start[p] + fill[p]++] = (long)i;
    }
    free(fill);
    for (size_t i = 0; i < nn && rc == 0; i++) {
        size_t n = start[i + 1] - start[i];
        for (int m = 0; m < t->measures && n > 0 && rc == 0; m++) {
            for (size_t k = 0; k < n; k++)
                members[k] = t->nodes[kids[start[i] + k]].cell0 + m;
            rc = pl_suppress_group(t->cells, t->nodes[i].cell0 + m, members, n);
        }
        for (size_t s = 0; s < t->n_sums && rc == 0; s++) {
            const sum_decl *d = &t->sums[s];
            for (size_t k = 0; k < d->n; k++)
                sm[k] = t->nodes[i].cell0 + t->sum_members[d->off + k];
            rc = pl_suppress_group(t->cells, t->nodes[i].cell0 + d->total, sm, d->n);
        }
    }
    if (rc == 0)
        pl_suppress_run(t->cells);
out:
    free(start);
    free(kids);
    free(members);
    free(sm);
    return rc;
}

static long cell_of(const pl_suppress_tree *t, const char *code, int m)
{
    if (code == NULL || m < 0 || m >= t->measures)
        return -1;
    uint64_t key = code_key(code, strlen(code));
    pl_u64map_entry *e = key ? pl_u64map_get(t->index, key, false) : NULL;
    return e ? t->nodes[e->a - 1].cell0 + m : -1;
}

long pl_suppress_tree_shown(const pl_suppress_tree *t, const char *code, int m)
{
    long c = cell_of(t, code, m);
    if (c < 0)
        return 0;
    return pl_suppress_is_hidden(t->cells, c) ? PL_SUPPRESSED : pl_suppress_value(t->cells, c);
}

long pl_suppress_tree_value(const pl_suppress_tree *t, const char *code, int m)
{
    return pl_suppress_value(t->cells, cell_of(t, code, m));
}

/*
 * rtree_bulk.c - builds an SQLite R*Tree (rtree_i32) in one pass by
 * Sort-Tile-Recursive packing, instead of inserting entries one by one
 * (SQLite's rtree module has no bulk load: each insert chooses a subtree,
 * may split or reinsert, and rewrites nodes).
 *
 * An rtree table NAME keeps its tree in three shadow tables (see SQLite's
 * ext/rtree/rtree.c):
 *   NAME_node(nodeno INTEGER PRIMARY KEY, data)          one blob per node
 *   NAME_parent(nodeno INTEGER PRIMARY KEY, parentnode)  every node but the root
 *   NAME_rowid(rowid INTEGER PRIMARY KEY, nodeno)        the leaf holding each entry
 * Every node blob has the root's length, from which the module derives its
 * node size when it connects; node 1 is the root and always exists. A blob
 * holds a 2-byte big-endian depth (root only: 0 when the root is a leaf), a
 * 2-byte cell count, then cells of an 8-byte big-endian rowid (leaves) or
 * child node number, followed by each dimension's lower and upper bound as
 * 4-byte big-endian integers; the rest of the blob is zero. The module keeps
 * no node between statements, so rewriting the tables under it is safe.
 *
 * STR: the entries are sorted by the centre of the first dimension and cut
 * into about sqrt(nodes) vertical slices; each slice is sorted by the centre
 * of the second dimension and cut into nodes. The nodes' boxes are packed the
 * same way, level by level, until the rest fits in the root. Nodes are filled
 * to about 90 % so that the next single inserts do not split at once.
 */
#include "store/sqlite/internal.h"
#include "util/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct rb_item {
    int64_t id;   /* rowid (leaf level) or node number */
    uint32_t pos; /* leaf level: the row's position in the source */
    int32_t c[2 * PL_SQ_RTREE_MAX_DIMS];
} rb_item;

typedef struct rb_rec {
    uint64_t key; /* centre (lo + hi) + 2^32: 33 bits */
    uint32_t pos;
} rb_rec;

typedef struct rb_map {
    int64_t id, node;
} rb_map;

typedef struct rb_build {
    pl_sq_store *s;
    pl_error *err;
    int ndim;
    int node_size; /* bytes per node blob (the root's length) */
    int cell;      /* bytes per cell */
    int cap;       /* cells a node holds */
    int fill;      /* cells per packed node */
    unsigned char *blob;
    sqlite3_stmt *put_node;
    int64_t next_node; /* next node number (2 upward; 1 is the root) */
    int64_t *parent;   /* parent[n - 2]: parent of node n */
    size_t n_parent, cap_parent;
    rb_map *map;           /* map[pos]: the source row at pos and its leaf */
    bool ids_sorted;       /* the source gave ids in ascending order */
    rb_rec *rec, *rec_tmp; /* sort scratch, n each */
    rb_item *items_tmp;
} rb_build;

static int cmp_map(const void *a, const void *b)
{
    const rb_map *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Sorts v[0..n) by the centre of dimension dim: a stable LSD radix sort of
 * 33-bit keys in three passes of 11 bits (a pass whose digit is the same
 * for all is skipped), then one gather.
 */
static void sort_by(rb_build *b, rb_item *v, size_t n, int dim)
{
    rb_rec *r = b->rec, *t = b->rec_tmp;
    for (size_t i = 0; i < n; i++) {
        int64_t k = (int64_t)v[i].c[2 * dim] + v[i].c[2 * dim + 1] + ((int64_t)1 << 32);
        r[i] = (rb_rec){(uint64_t)k, (uint32_t)i};
    }
    for (int shift = 0; shift < 33; shift += 11) {
        size_t count[2048] = {0};
        for (size_t i = 0; i < n; i++)
            count[(r[i].key >> shift) & 2047]++;
        if (n == 0 || count[(r[0].key >> shift) & 2047] == n)
            continue;
        size_t at = 0;
        for (int d = 0; d < 2048; d++) {
            size_t c = count[d];
            count[d] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++)
            t[count[(r[i].key >> shift) & 2047]++] = r[i];
        rb_rec *x = r;
        r = t;
        t = x;
    }
    for (size_t i = 0; i < n; i++)
        b->items_tmp[i] = v[r[i].pos];
    memcpy(v, b->items_tmp, n * sizeof *v);
}

static void put_i16(unsigned char *p, int v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put_i32(unsigned char *p, int32_t v)
{
    uint32_t u = (uint32_t)v;
    p[0] = (unsigned char)(u >> 24);
    p[1] = (unsigned char)(u >> 16);
    p[2] = (unsigned char)(u >> 8);
    p[3] = (unsigned char)u;
}

static void put_i64(unsigned char *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char)u;
        u >>= 8;
    }
}

/* Writes node `no` holding items v[0..n) (depth is stored for the root only). */
static int write_node(rb_build *b, int64_t no, int depth, const rb_item *v, size_t n)
{
    memset(b->blob, 0, (size_t)b->node_size);
    put_i16(b->blob, no == 1 ? depth : 0);
    put_i16(b->blob + 2, (int)n);
    for (size_t i = 0; i < n; i++) {
        unsigned char *p = b->blob + 4 + i * (size_t)b->cell;
        put_i64(p, v[i].id);
        for (int k = 0; k < 2 * b->ndim; k++)
            put_i32(p + 8 + 4 * k, v[i].c[k]);
    }
    sqlite3_stmt *st = b->put_node;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, no);
    sqlite3_bind_blob(st, 2, b->blob, b->node_size, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    return rc == SQLITE_DONE ? 0 : pl_sq_step_error(b->s, rc, b->err, "rtree node");
}

/* The box around items v[0..n), as an entry pointing at node `no`. */
static rb_item box_of(const rb_build *b, int64_t no, const rb_item *v, size_t n)
{
    rb_item r = {.id = no};
    for (int k = 0; k < 2 * b->ndim; k += 2) {
        r.c[k] = v[0].c[k];
        r.c[k + 1] = v[0].c[k + 1];
    }
    for (size_t i = 1; i < n; i++)
        for (int k = 0; k < 2 * b->ndim; k += 2) {
            if (v[i].c[k] < r.c[k])
                r.c[k] = v[i].c[k];
            if (v[i].c[k + 1] > r.c[k + 1])
                r.c[k + 1] = v[i].c[k + 1];
        }
    return r;
}

/* One new non-root node for items v[0..n); its box goes to up[*n_up]. */
static int emit_node(rb_build *b, int leaf, rb_item *v, size_t n, rb_item *up, size_t *n_up)
{
    int64_t no = b->next_node++;
    if (pl_vec_reserve(&b->parent, &b->cap_parent, b->n_parent, 1) != 0)
        return pl_error_set(b->err, PL_ENOMEM, "", "memori tidak cukup");
    b->parent[b->n_parent++] = 0; /* set when the level above is packed */
    if (leaf)
        for (size_t i = 0; i < n; i++)
            b->map[v[i].pos].node = no;
    else
        for (size_t i = 0; i < n; i++)
            b->parent[v[i].id - 2] = no;
    up[(*n_up)++] = box_of(b, no, v, n);
    return write_node(b, no, 0, v, n);
}

/*
 * Packs items v[0..n) (more than fit in the root) into nodes by STR; their
 * boxes go to up (room for n / 2 + 1), *n_up their number.
 */
static int pack_level(rb_build *b, int leaf, rb_item *v, size_t n, rb_item *up, size_t *n_up)
{
    size_t nodes = (n + (size_t)b->fill - 1) / (size_t)b->fill;
    size_t slices = (size_t)ceil(sqrt((double)nodes));
    *n_up = 0;
    sort_by(b, v, n, 0);
    size_t done_nodes = 0, start = 0;
    for (size_t sl = 0; sl < slices; sl++) {
        /* Nodes spread evenly over slices, entries over nodes. */
        size_t sl_nodes = nodes / slices + (sl < nodes % slices);
        size_t end = (size_t)((double)n * (double)(done_nodes + sl_nodes) / (double)nodes);
        if (sl == slices - 1)
            end = n;
        size_t sl_n = end - start;
        if (b->ndim > 1)
            sort_by(b, v + start, sl_n, 1);
        size_t at = 0;
        for (size_t k = 0; k < sl_nodes; k++) {
            size_t to = k == sl_nodes - 1 ? sl_n : sl_n * (k + 1) / sl_nodes;
            int rc = emit_node(b, leaf, v + start + at, to - at, up, n_up);
            if (rc)
                return rc;
            at = to;
        }
        done_nodes += sl_nodes;
        start = end;
    }
    return 0;
}

static int exec_fmt(pl_sq_store *s, pl_error *err, const char *fmt, const char *name)
{
    char *sql = sqlite3_mprintf(fmt, name, name, name);
    if (sql == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = pl_sq_exec(s, sql, err);
    sqlite3_free(sql);
    return rc;
}

static int prepare_fmt(pl_sq_store *s, sqlite3_stmt **st, pl_error *err, const char *fmt,
                       const char *name)
{
    char *sql = sqlite3_mprintf(fmt, name);
    if (sql == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    sqlite3_free(sql);
    return rc == SQLITE_OK ? 0 : pl_sq_fail(s, PL_EINTERNAL, err, "rtree");
}

/* The node size of table name: the root blob's length (what the module uses). */
static int node_size(pl_sq_store *s, const char *name, int cell, int *out, pl_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc =
        prepare_fmt(s, &st, err, "SELECT length(data) FROM \"%w_node\" WHERE nodeno = 1", name);
    if (rc)
        return rc;
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return pl_sq_fail(s, PL_EIO, err, "rtree");
    if (*out == 0) {
        /* No root: what the module picks when it creates a table. */
        if ((rc = sqlite3_prepare_v2(s->db, "PRAGMA page_size", -1, &st, NULL)) != SQLITE_OK)
            return pl_sq_fail(s, PL_EIO, err, "page_size");
        int page = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 4096;
        sqlite3_finalize(st);
        *out = page - 64;
        if (4 + cell * PL_SQ_RTREE_MAX_CELLS < *out)
            *out = 4 + cell * PL_SQ_RTREE_MAX_CELLS;
    }
    if (*out < 4 + 3 * cell)
        return pl_error_set(err, PL_EIO, "", "indeks spasial %s: simpul terlalu kecil (%d bita)",
                            name, *out);
    return 0;
}

/* Reads the rows of select_sql into *items (caller frees); see pl_sq_rtree_bulk for pad. */
static int read_rows(pl_sq_store *s, const char *name, int ndim, const char *select_sql,
                     const int32_t *pad, rb_item **items, size_t *count, bool *sorted,
                     pl_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, select_sql, -1, &st, NULL) != SQLITE_OK)
        return pl_sq_fail(s, PL_EINTERNAL, err, "rtree source");
    int want = 1 + (pad ? ndim : 2 * ndim);
    if (sqlite3_column_count(st) != want) {
        int have = sqlite3_column_count(st);
        sqlite3_finalize(st);
        return pl_error_set(err, PL_EINTERNAL, "", "indeks spasial %s: %d kolom sumber, perlu %d",
                            name, have, want);
    }
    size_t n = 0, cap = 0;
    rb_item *v = NULL;
    int rc = 0, step;
    *sorted = true;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        /* Row positions are 32-bit: at most UINT32_MAX rows. */
        if (n == cap && pl_vec_grow(&v, &cap, n + 1, sizeof *v, UINT32_MAX) != 0) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            break;
        }
        rb_item *it = &v[n];
        if (sqlite3_column_type(st, 0) != SQLITE_INTEGER) {
            rc = pl_error_set(err, PL_EINVAL, "", "indeks spasial %s: id bukan bilangan bulat",
                              name);
            break;
        }
        it->id = sqlite3_column_int64(st, 0);
        it->pos = (uint32_t)n;
        if (n > 0 && it->id <= v[n - 1].id)
            *sorted = false;
        /* As the module stores an rtree_i32 value: sqlite3_value_int (NULL is 0). */
        for (int k = 0; k < ndim; k++) {
            int32_t lo, hi;
            if (pad) {
                lo = sqlite3_column_int(st, 1 + k);
                if (lo > INT32_MAX - pad[k]) {
                    rc = pl_error_set(err, PL_EINVAL, "",
                                      "indeks spasial %s: id %lld di luar "
                                      "jangkauan",
                                      name, (long long)it->id);
                    break;
                }
                hi = lo + pad[k];
            } else {
                lo = sqlite3_column_int(st, 1 + 2 * k);
                hi = sqlite3_column_int(st, 2 + 2 * k);
            }
            if (lo > hi) {
                rc = pl_error_set(err, PL_EINVAL, "",
                                  "indeks spasial %s: id %lld batas bawah di atas batas atas", name,
                                  (long long)it->id);
                break;
            }
            it->c[2 * k] = lo;
            it->c[2 * k + 1] = hi;
        }
        if (rc)
            break;
        n++;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = pl_sq_step_error(s, step, err, "rtree source");
    sqlite3_finalize(st);
    if (rc) {
        free(v);
        return rc;
    }
    *items = v;
    *count = n;
    return 0;
}

static int write_maps(rb_build *b, const char *name, size_t n)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_fmt(b->s, &st, b->err,
                         "INSERT INTO \"%w_rowid\"(rowid, nodeno) VALUES(?1, ?2)", name);
    if (rc)
        return rc;
    if (!b->ids_sorted) /* append in key order */
        qsort(b->map, n, sizeof *b->map, cmp_map);
    for (size_t i = 0; i < n && rc == 0; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, b->map[i].id);
        sqlite3_bind_int64(st, 2, b->map[i].node);
        int step = sqlite3_step(st);
        if (step != SQLITE_DONE)
            rc = pl_sq_step_error(b->s, step, b->err, "rtree rowid");
    }
    sqlite3_finalize(st);
    if (rc)
        return rc;
    if ((rc = prepare_fmt(b->s, &st, b->err,
                          "INSERT INTO \"%w_parent\"(nodeno, parentnode) VALUES(?1, ?2)", name)))
        return rc;
    for (size_t i = 0; i < b->n_parent && rc == 0; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, (int64_t)i + 2);
        sqlite3_bind_int64(st, 2, b->parent[i]);
        int step = sqlite3_step(st);
        if (step != SQLITE_DONE)
            rc = pl_sq_step_error(b->s, step, b->err, "rtree parent");
    }
    sqlite3_finalize(st);
    return rc;
}

int pl_sq_rtree_bulk(pl_sq_store *s, const char *name, int ndim, const char *select_sql,
                     const int32_t *pad, long *count, pl_error *err)
{
    if (count)
        *count = 0;
    if (ndim < 1 || ndim > PL_SQ_RTREE_MAX_DIMS)
        return pl_error_set(err, PL_EINTERNAL, "", "rtree: %d dimensi", ndim);
    for (int k = 0; pad && k < ndim; k++)
        if (pad[k] < 0)
            return pl_error_set(err, PL_EINTERNAL, "", "rtree: pad negatif");
    rb_build b = {.s = s, .err = err, .ndim = ndim, .cell = 8 + 8 * ndim, .next_node = 2};
    rb_item *v = NULL, *up = NULL, *bufs[2] = {NULL, NULL};
    size_t n = 0, level_n = 0;
    int depth = 0;
    int rc = node_size(s, name, b.cell, &b.node_size, err);
    if (rc || (rc = read_rows(s, name, ndim, select_sql, pad, &v, &n, &b.ids_sorted, err)))
        return rc;
    b.cap = (b.node_size - 4) / b.cell;
    if (b.cap > PL_SQ_RTREE_MAX_CELLS)
        b.cap = PL_SQ_RTREE_MAX_CELLS;
    b.fill = (b.cap * 9 + 5) / 10;
    if (b.fill > b.cap - 1)
        b.fill = b.cap - 1;
    size_t room = n ? n : 1;
    b.blob = malloc((size_t)b.node_size);
    b.map = malloc(room * sizeof *b.map);
    b.rec = malloc(room * sizeof *b.rec);
    b.rec_tmp = malloc(room * sizeof *b.rec_tmp);
    b.items_tmp = malloc(room * sizeof *b.items_tmp);
    up = malloc((n / 2 + 1) * sizeof *up);
    bufs[0] = v;
    bufs[1] = up;
    if (b.blob == NULL || b.map == NULL || b.rec == NULL || b.rec_tmp == NULL ||
        b.items_tmp == NULL || up == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        b.map[i] = (rb_map){v[i].id, 1}; /* the root, unless a leaf is packed */
    if ((rc = exec_fmt(s, err,
                       "DELETE FROM \"%w_node\"; DELETE FROM \"%w_rowid\"; "
                       "DELETE FROM \"%w_parent\"",
                       name)) ||
        (rc = prepare_fmt(s, &b.put_node, err,
                          "INSERT INTO \"%w_node\"(nodeno, data) VALUES(?1, ?2)", name)))
        goto out;
    /* Level by level: pack while more entries remain than the root holds. */
    level_n = n;
    rb_item *cur = v; /* this level's entries; up receives the boxes of its nodes */
    while (level_n > (size_t)b.cap) {
        size_t n_up = 0;
        if ((rc = pack_level(&b, depth == 0, cur, level_n, up, &n_up)))
            goto out;
        /* The boxes just made are the next level's entries; cur's room takes the level after. */
        rb_item *t = cur;
        cur = up;
        up = t;
        level_n = n_up;
        depth++;
    }
    if (depth > 0)
        for (size_t i = 0; i < level_n; i++)
            b.parent[cur[i].id - 2] = 1;
    if ((rc = write_node(&b, 1, depth, cur, level_n)) || (rc = write_maps(&b, name, n)))
        goto out;
    if (count)
        *count = (long)n;
out:
    sqlite3_finalize(b.put_node);
    free(b.blob);
    free(b.map);
    free(b.parent);
    free(b.rec);
    free(b.rec_tmp);
    free(b.items_tmp);
    free(bufs[0]);
    free(bufs[1]);
    return rc;
}

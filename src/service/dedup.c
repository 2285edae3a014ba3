/* dedup.c - blocking and scoring of duplicate person records (see dedup.h). */
#include "service/dedup.h"

#include "store/cluster.h"
#include "service/registry.h"
#include "domain/name.h"
#include "io/table_reader.h"
#include "store/dedup.h"
#include "store/store.h"
#include "domain/region_code.h"
#include "util/hashmap.h"
#include "util/vec.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PASSES 6
#define NATIONAL_PASS 5 /* only with pl_dedup_options.national */

typedef struct rec {
    int64_t id;
    int64_t household;
    uint64_t members;
    uint32_t name, mother, address; /* offsets into the arena */
    uint32_t raw_name;              /* the name as entered, for the reasons */
    uint32_t village;               /* offset into the arena */
    char nik[17];
    char birth[11];
    char sex;
    bool arrival; /* matching on arrival: a pair needs at least one arrival */
} rec;

struct pl_dedup_set {
    rec *r;
    size_t n, cap;
    char *arena;
    size_t alen, acap;
};

int pl_dedup_set_new(pl_dedup_set **out, pl_error *err)
{
    *out = calloc(1, sizeof **out);
    if (*out == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    return 0;
}

void pl_dedup_set_free(pl_dedup_set *set)
{
    if (set == NULL)
        return;
    free(set->r);
    free(set->arena);
    free(set);
}

size_t pl_dedup_set_count(const pl_dedup_set *set)
{
    return set->n;
}

static int put(pl_dedup_set *set, uint32_t *off, const char *s)
{
    size_t len = strlen(s);
    /* Offsets into the arena are 32-bit. */
    int rc = pl_vec_grow(&set->arena, &set->acap, set->alen + len + 1, 1, UINT32_MAX);
    if (rc != 0)
        return rc;
    memcpy(set->arena + set->alen, s, len + 1);
    *off = (uint32_t)set->alen;
    set->alen += len + 1;
    return 0;
}

int pl_dedup_set_add(pl_dedup_set *set, int64_t id, const char *nik, const char *name,
                     const char *birth_date, char sex, const char *mother, const char *village,
                     const char *address, int64_t household, pl_error *err)
{
    if (pl_vec_reserve(&set->r, &set->cap, set->n, 1) != 0)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    rec *x = &set->r[set->n];
    memset(x, 0, sizeof *x);
    x->id = id;
    x->household = household;
    x->sex = sex;
    snprintf(x->nik, sizeof x->nik, "%s", nik ? nik : "");
    if (strlen(x->nik) != 16)
        x->nik[0] = '\0';
    snprintf(x->birth, sizeof x->birth, "%s", birth_date ? birth_date : "");
    char norm[PL_NAME_MAX * 2], mnorm[PL_NAME_MAX * 2];
    if (pl_name_normalize(norm, sizeof norm, name ? name : "") < 0)
        norm[0] = '\0';
    if (pl_name_normalize(mnorm, sizeof mnorm, mother ? mother : "") < 0)
        mnorm[0] = '\0';
    if (put(set, &x->name, norm) || put(set, &x->mother, mnorm) ||
        put(set, &x->raw_name, name ? name : "") || put(set, &x->village, village ? village : "") ||
        put(set, &x->address, address ? address : ""))
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    set->n++;
    return 0;
}

static int column(char **hdr, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(hdr[i], name) == 0)
            return (int)i;
    return -1;
}

int pl_dedup_load_table(pl_dedup_set *set, const char *path, pl_error *err)
{
    pl_table_reader *t = NULL;
    int rc = pl_table_open(&t, path, NULL, err);
    if (rc)
        return rc;
    char **f;
    size_t nf;
    rc = pl_table_next(t, &f, &nf, err);
    if (rc <= 0) {
        rc = rc < 0 ? rc : pl_error_set(err, PL_EINVAL, "file", "berkas kosong");
        goto out;
    }
    enum { NIK, KK, NAMA, TGL, JK, IBU, ALAMAT, DESA, NCOL };
    static const char *const names[NCOL] = {"nik",           "no_kk",    "nama",   "tanggal_lahir",
                                            "jenis_kelamin", "nama_ibu", "alamat", "kode_desa"};
    int col[NCOL];
    for (int i = 0; i < NCOL; i++) {
        col[i] = column(f, nf, names[i]);
        if (col[i] < 0 && i != ALAMAT && i != IBU && i != NIK) {
            rc = pl_error_set(err, PL_EINVAL, "file", "kolom %s tidak ada", names[i]);
            goto out;
        }
    }
    while ((rc = pl_table_next(t, &f, &nf, err)) == 1) {
        const char *v[NCOL];
        for (int i = 0; i < NCOL; i++)
            v[i] = col[i] >= 0 && (size_t)col[i] < nf ? f[col[i]] : "";
        long row = pl_table_row_number(t) - 1;
        int64_t hh = (int64_t)strtoll(v[KK], NULL, 10);
        if ((rc = pl_dedup_set_add(set, row, v[NIK], v[NAMA], v[TGL], v[JK][0], v[IBU], v[DESA],
                                   v[ALAMAT], hh, err)))
            goto out;
    }
out:
    pl_table_close(t);
    return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ blocking */

typedef struct keyed {
    uint64_t key;
    uint32_t row;
} keyed;

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Block key of row r in pass p; 0 = the row takes no part in this pass. */
static uint64_t block_key(const pl_dedup_set *set, const rec *r, int p)
{
    const char *village = set->arena + r->village;
    uint64_t h = fnv(1469598103934665603ULL + (uint64_t)p, &r->sex, 1);
    char key[128];
    switch (p) {
    case 0:
        if (strlen(r->birth) < 4)
            return 0;
        h = fnv(h, village, strlen(village));
        h = fnv(h, r->birth, 4);
        break;
    case 1: {
        const char *m = set->arena + r->mother;
        if (!m[0])
            return 0;
        size_t k = pl_match_phonetic_name(key, sizeof key, m);
        h = fnv(h, village, strlen(village));
        h = fnv(h, key, k);
        break;
    }
    case 2:
        if (strlen(r->birth) != 10)
            return 0;
        h = fnv(h, village, strlen(village) < 5 ? strlen(village) : 5);
        h = fnv(h, r->birth, 10);
        break;
    case 3: {
        size_t k = pl_match_block_key(key, sizeof key, set->arena + r->name);
        if (k == 0)
            return 0;
        h = fnv(h, village, strlen(village));
        h = fnv(h, key, k);
        break;
    }
    case NATIONAL_PASS: {
        /* Anywhere in the nation: sex, full birth date and the name's key (no place). */
        if (strlen(r->birth) != 10)
            return 0;
        size_t k = pl_match_block_key(key, sizeof key, set->arena + r->name);
        if (k == 0)
            return 0;
        h = fnv(h, r->birth, 10);
        h = fnv(h, key, k);
        break;
    }
    default:
        /* One family card: a person entered twice in the same card whatever the dates. */
        if (r->household == 0)
            return 0;
        h = fnv(h, (const char *)&r->household, sizeof r->household);
        break;
    }
    return h ? h : 1;
}

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

static int cmp_pair(const void *a, const void *b)
{
    const pl_dedup_pair *x = a, *y = b;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

typedef struct block {
    uint32_t start, len;
    int pass;
} block;

typedef struct job {
    const pl_dedup_set *set;
    const keyed *sorted[PASSES];
    const uint64_t *keys; /* keys[row * PASSES + pass] */
    const block *blocks;
    size_t n_blocks;
    atomic_size_t next;
    double threshold;
    bool arrivals_only;
} job;

typedef struct worker {
    job *j;
    pl_dedup_pair *pairs;
    size_t n, cap;
    long long comparisons;
    int failed;
} worker;

#define BLOCK_MAX 5000 /* a block larger than this is compared as a sliding window */

static void fill_rec(pl_match_rec *m, const pl_dedup_set *set, const rec *r)
{
    m->nik = r->nik;
    m->name = set->arena + r->name;
    m->birth_date = r->birth;
    m->sex = r->sex;
    m->mother = set->arena + r->mother;
    m->village = set->arena + r->village;
    m->address = set->arena + r->address;
    m->household = r->household;
    m->members = r->members;
    m->raw_name = set->arena + r->raw_name;
}

static void *work(void *arg)
{
    worker *w = arg;
    job *j = w->j;
    const pl_dedup_set *set = j->set;
    for (;;) {
        size_t bi = atomic_fetch_add(&j->next, 1);
        if (bi >= j->n_blocks)
            break;
        const block *b = &j->blocks[bi];
        const keyed *k = j->sorted[b->pass] + b->start;
        for (uint32_t x = 0; x < b->len; x++) {
            uint32_t ra = k[x].row;
            pl_match_rec ma;
            fill_rec(&ma, set, &set->r[ra]);
            uint32_t end = b->len;
            if (end - x > BLOCK_MAX)
                end = x + BLOCK_MAX;
            for (uint32_t y = x + 1; y < end; y++) {
                uint32_t rb = k[y].row;
                bool seen = false;
                for (int p = 0; p < b->pass; p++) {
                    uint64_t ka = j->keys[(size_t)ra * PASSES + p];
                    if (ka && ka == j->keys[(size_t)rb * PASSES + p]) {
                        seen = true;
                        break;
                    }
                }
                if (seen || (j->arrivals_only && !set->r[ra].arrival && !set->r[rb].arrival))
                    continue;
                pl_match_rec mb;
                fill_rec(&mb, set, &set->r[rb]);
                pl_match_result res;
                pl_match_score(&res, &ma, &mb, j->threshold);
                w->comparisons++;
                if (res.score < j->threshold)
                    continue;
                if (pl_vec_reserve(&w->pairs, &w->cap, w->n, 1) != 0) {
                    w->failed = 1;
                    return NULL;
                }
                int64_t ia = set->r[ra].id, ib = set->r[rb].id;
                pl_dedup_pair *out = &w->pairs[w->n++];
                *out = (pl_dedup_pair){.a = ia < ib ? ia : ib,
                                       .b = ia < ib ? ib : ia,
                                       .score = res.score,
                                       .why = res.why,
                                       .exact = res.exact};
                if (ia < ib)
                    pl_match_explain(out->reasons, sizeof out->reasons, &ma, &mb);
                else
                    pl_match_explain(out->reasons, sizeof out->reasons, &mb, &ma);
            }
        }
    }
    return NULL;
}

/* Household-member signatures: each record gets the bits of the other members' names. */
static int sign_members(pl_dedup_set *set)
{
    /* Records usually arrive household by household; group runs of one household. */
    size_t i = 0;
    while (i < set->n) {
        size_t e = i + 1;
        int64_t h = set->r[i].household;
        while (e < set->n && h != 0 && set->r[e].household == h)
            e++;
        if (h != 0 && e - i > 1 && e - i < 64) {
            for (size_t a = i; a < e; a++) {
                uint64_t bits = 0;
                for (size_t b = i; b < e; b++)
                    if (b != a)
                        bits |= pl_match_member_bit(set->arena + set->r[b].name);
                set->r[a].members = bits;
            }
        }
        i = e;
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int pl_dedup_run(pl_dedup_pair **out, size_t *n, pl_dedup_set *set, const pl_dedup_options *opt,
                 pl_dedup_stats *stats, pl_error *err)
{
    *out = NULL;
    *n = 0;
    double t0 = now_s();
    double threshold = opt && opt->threshold > 0 ? opt->threshold : 0.8;
    int threads = opt && opt->threads > 0 ? opt->threads : 2;
    if (threads > 16)
        threads = 16;
    int rc = 0;
    uint64_t *keys = NULL;
    keyed *sorted[PASSES] = {NULL};
    block *blocks = NULL;
    size_t n_blocks = 0, cap_blocks = 0;
    worker w[16];
    memset(w, 0, sizeof w);
    pthread_t tid[16];
    int started = 0;

    if ((rc = sign_members(set)))
        goto nomem;
    keys = malloc(set->n * PASSES * sizeof *keys + 1);
    if (keys == NULL)
        goto nomem;
    bool national = opt && opt->national;
    for (size_t i = 0; i < set->n; i++)
        for (int p = 0; p < PASSES; p++)
            keys[i * PASSES + p] =
                national == (p == NATIONAL_PASS) ? block_key(set, &set->r[i], p) : 0;
    for (int p = 0; p < PASSES; p++) {
        sorted[p] = malloc(set->n * sizeof **sorted + 1);
        if (sorted[p] == NULL)
            goto nomem;
        size_t m = 0;
        for (size_t i = 0; i < set->n; i++)
            if (keys[i * PASSES + p])
                sorted[p][m++] = (keyed){keys[i * PASSES + p], (uint32_t)i};
        qsort(sorted[p], m, sizeof **sorted, cmp_keyed);
        for (size_t s = 0; s < m;) {
            size_t e = s + 1;
            while (e < m && sorted[p][e].key == sorted[p][s].key)
                e++;
            if (e - s > 1) {
                if (pl_vec_reserve(&blocks, &cap_blocks, n_blocks, 1) != 0)
                    goto nomem;
                blocks[n_blocks++] = (block){(uint32_t)s, (uint32_t)(e - s), p};
            }
            s = e;
        }
    }
    job j = {.set = set,
             .keys = keys,
             .blocks = blocks,
             .n_blocks = n_blocks,
             .threshold = threshold,
             .arrivals_only = opt && opt->arrivals_only};
    atomic_init(&j.next, 0);
    for (int p = 0; p < PASSES; p++)
        j.sorted[p] = sorted[p];
    for (int t = 0; t < threads; t++) {
        w[t].j = &j;
        if (pthread_create(&tid[t], NULL, work, &w[t]) != 0)
            break;
        started++;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    if (started == 0) {
        rc = pl_error_set(err, PL_EINTERNAL, "", "thread pembanding tidak dapat dimulai");
        goto out;
    }
    size_t total = 0;
    long long comparisons = 0;
    for (int t = 0; t < started; t++) {
        if (w[t].failed)
            goto nomem;
        total += w[t].n;
        comparisons += w[t].comparisons;
    }
    pl_dedup_pair *all = malloc(total * sizeof *all + 1);
    if (all == NULL)
        goto nomem;
    size_t k = 0;
    for (int t = 0; t < started; t++) {
        if (w[t].n)
            memcpy(all + k, w[t].pairs, w[t].n * sizeof *all);
        k += w[t].n;
    }
    qsort(all, total, sizeof *all, cmp_pair);
    /* Same id twice (a CSV row cannot be, but be safe) or a pair seen twice. */
    size_t u = 0;
    long exact = 0;
    for (size_t i = 0; i < total; i++) {
        if (all[i].a == all[i].b)
            continue;
        if (u > 0 && all[u - 1].a == all[i].a && all[u - 1].b == all[i].b)
            continue;
        all[u++] = all[i];
        exact += all[i].exact;
    }
    *out = all;
    *n = u;
    if (stats) {
        stats->records = (long)set->n;
        stats->blocks = (long)n_blocks;
        stats->comparisons = comparisons;
        stats->pairs = (long)u;
        stats->exact = exact;
        stats->seconds = now_s() - t0;
    }
    goto out;
nomem:
    rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup untuk deteksi duplikat");
out:
    for (int t = 0; t < 16; t++)
        free(w[t].pairs);
    for (int p = 0; p < PASSES; p++)
        free(sorted[p]);
    free(blocks);
    free(keys);
    return rc;
}

/* Writes pairs to the candidate queue in one transaction; *written counts the rows written. */
static int put_pairs(pl_store *s, const pl_actor *who, const pl_dedup_pair *pairs, size_t n,
                     long *written, pl_error *err)
{
    int rc = pl_store_begin(s, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        bool wrote;
        rc = pl_store_dedup_candidate_put(s, who, pairs[i].a, pairs[i].b, pairs[i].score,
                                          pairs[i].exact, pairs[i].reasons, &wrote, err);
        if (rc) {
            pl_store_rollback(s);
            return rc;
        }
        *written += wrote;
    }
    return pl_store_commit(s, err);
}

/* ------------------------------------------------------------ store side */

typedef struct load_ctx {
    pl_dedup_set *set;
    pl_error *err;
} load_ctx;

static int load_row(void *ctx, const pl_dedup_row *r)
{
    load_ctx *l = ctx;
    return pl_dedup_set_add(l->set, r->id, r->nik, r->name, r->birth_date, r->sex, r->mother,
                            r->village, r->address, r->household_id, l->err);
}

int pl_dedup_load_store(pl_dedup_set *set, pl_store *s, const char *region, const char *scope,
                        pl_error *err)
{
    const char *r = region && region[0] ? region : scope ? scope : "";
    if (scope && scope[0] && !pl_region_code_in_scope(r, scope))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah %s di luar cakupan Anda", r);
    load_ctx l = {set, err};
    return pl_store_dedup_scan(s, r, load_row, &l, err);
}

static int any_shard(void *ctx, const pl_cluster_row *row)
{
    (void)row;
    *(bool *)ctx = true;
    return 0;
}

int pl_dedup_detect(pl_store *s, const pl_actor *who, const char *region, const char *scope,
                    const pl_dedup_options *opt, pl_dedup_stats *stats, long *written,
                    pl_error *err)
{
    pl_dedup_set *set = NULL;
    pl_dedup_pair *pairs = NULL;
    size_t n = 0;
    long w = 0;
    /* A cluster's coordinator holds no people of its own: its pairs are across shards. */
    bool coordinator = false;
    pl_error probe;
    pl_error_clear(&probe);
    /* SQLite has no cluster: its refusal only says this is no coordinator. */
    (void)pl_store_cluster_list(s, any_shard, &coordinator, &probe);
    int rc = 0;
    if (coordinator)
        rc = pl_error_set(err, PL_EINVAL, "db",
                          "basis data ini koordinator klaster: duplikat antarshard dicari dengan "
                          "'pilar cluster dedup'; duplikat di dalam satu shard dengan 'pilar "
                          "dedup' pada shard itu");
    if (rc == 0)
        rc = pl_dedup_set_new(&set, err);
    if (rc)
        return rc;
    if ((rc = pl_dedup_load_store(set, s, region, scope, err)))
        goto out;
    if ((rc = pl_dedup_run(&pairs, &n, set, opt, stats, err)))
        goto out;
    rc = put_pairs(s, who, pairs, n, &w, err);
out:
    if (written)
        *written = w;
    free(pairs);
    pl_dedup_set_free(set);
    return rc;
}

/* The two people named by a and b (NIK or id), checked to be a pair. */
static int find_pair(pl_store *s, const char *a, const char *b, int64_t *a_id, int64_t *b_id,
                     pl_error *err)
{
    pl_person pa, pb;
    int rc;
    if ((rc = pl_registry_person_find(&pa, s, a, err)) ||
        (rc = pl_registry_person_find(&pb, s, b, err)) ||
        (rc = pl_dedup_pair_check(pa.id, pb.id, err)))
        return rc;
    *a_id = pa.id;
    *b_id = pb.id;
    return 0;
}

int pl_dedup_merge(pl_store *s, const pl_actor *who, const char *survivor, const char *merged,
                   int64_t *survivor_id, int64_t *merged_id, int64_t *merge_id, pl_error *err)
{
    int rc = find_pair(s, survivor, merged, survivor_id, merged_id, err);
    return rc ? rc : pl_store_dedup_merge(s, who, *survivor_id, *merged_id, merge_id, err);
}

int pl_dedup_undo(pl_store *s, const pl_actor *who, int64_t merge_id, pl_error *err)
{
    if (merge_id <= 0)
        return pl_error_set(err, PL_EINVAL, "id", "sebutkan nomor penggabungan");
    return pl_store_dedup_undo(s, who, merge_id, err);
}

int pl_dedup_distinct(pl_store *s, const pl_actor *who, const char *a, const char *b,
                      const char *reason, int64_t *a_id, int64_t *b_id, pl_error *err)
{
    int rc = find_pair(s, a, b, a_id, b_id, err);
    return rc ? rc : pl_store_dedup_distinct(s, who, *a_id, *b_id, reason ? reason : "", err);
}

/* ------------------------------------------------------- matching on arrival */

typedef struct near_ctx {
    pl_dedup_set *set;
    pl_u64map *arrivals;
    pl_error *err;
} near_ctx;

static int load_near(void *ctx, const pl_dedup_row *r)
{
    near_ctx *l = ctx;
    int rc = pl_dedup_set_add(l->set, r->id, r->nik, r->name, r->birth_date, r->sex, r->mother,
                              r->village, r->address, r->household_id, l->err);
    if (rc == 0)
        l->set->r[l->set->n - 1].arrival = pl_u64map_get(l->arrivals, (uint64_t)r->id, false);
    return rc;
}

int pl_dedup_arrivals_add(pl_dedup_arrivals *a, int64_t id, const char *village, pl_error *err)
{
    if (pl_vec_reserve(&a->v, &a->cap, a->n, 1) != 0)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    a->v[a->n].id = id;
    snprintf(a->v[a->n].village, sizeof a->v[a->n].village, "%s", village ? village : "");
    a->n++;
    return 0;
}

void pl_dedup_arrivals_clear(pl_dedup_arrivals *a)
{
    free(a->v);
    memset(a, 0, sizeof *a);
}

static int cmp_arrival_village(const void *a, const void *b)
{
    return strcmp(((const pl_dedup_arrival *)a)->village, ((const pl_dedup_arrival *)b)->village);
}

int pl_dedup_match_new(pl_store *s, const pl_actor *who, const pl_dedup_arrival *arrivals, size_t n,
                       const pl_dedup_options *opt, long *written, pl_error *err)
{
    if (written)
        *written = 0;
    if (n == 0)
        return 0;
    pl_dedup_set *set = NULL;
    pl_dedup_arrival *by_village = malloc(n * sizeof *by_village);
    pl_u64map *ids = pl_u64map_new(n < 16 ? 16 : n);
    pl_dedup_pair *pairs = NULL;
    const char **villages = NULL;
    size_t np = 0;
    long w = 0;
    int rc = 0;
    if (by_village == NULL || ids == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    if ((rc = pl_dedup_set_new(&set, err)))
        goto out;
    for (size_t i = 0; i < n; i++)
        if (arrivals[i].id > 0 && pl_u64map_get(ids, (uint64_t)arrivals[i].id, true) == NULL) {
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
            goto out;
        }
    /* Each village is read once, however many arrivals it has. */
    memcpy(by_village, arrivals, n * sizeof *by_village);
    qsort(by_village, n, sizeof *by_village, cmp_arrival_village);
    near_ctx l = {set, ids, err};
    villages = malloc(n * sizeof *villages);
    if (villages == NULL) {
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        goto out;
    }
    size_t nv = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(by_village[i].village, by_village[i - 1].village) != 0)
            villages[nv++] = by_village[i].village;
    if ((rc = pl_store_dedup_near_many(s, villages, nv, load_near, &l, err)))
        goto out;
    pl_dedup_options o = opt ? *opt : (pl_dedup_options){0};
    o.arrivals_only = true;
    /* One arrival (a registration from a form) is scored on this thread. */
    if (o.threads == 0 && n == 1)
        o.threads = 1;
    if ((rc = pl_dedup_run(&pairs, &np, set, &o, NULL, err)) || np == 0)
        goto out;
    rc = put_pairs(s, who, pairs, np, &w, err);
out:
    if (written)
        *written = rc ? 0 : w;
    free(pairs);
    free(villages);
    free(by_village);
    pl_u64map_free(ids);
    pl_dedup_set_free(set);
    return rc;
}

/* ------------------------------------------------------- review of one pair */

int pl_dedup_candidate_get(pl_store *s, pl_dedup_candidate *out, int64_t id, const char *scope,
                           pl_error *err)
{
    int rc = pl_store_dedup_candidate_get(s, out, id, err);
    /* A pair with a person outside the scope answers exactly like an absent one. */
    if (rc == 0 && (!pl_region_code_in_scope(out->village_a, scope ? scope : "") ||
                    !pl_region_code_in_scope(out->village_b, scope ? scope : "")))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "id", "pasangan #%lld tidak ditemukan",
                            (long long)id);
    return rc;
}

int pl_dedup_candidate_merge(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                             int64_t survivor, pl_dedup_candidate *out, pl_error *err)
{
    int rc = pl_dedup_candidate_get(s, out, id, scope, err);
    if (rc)
        return rc;
    if (strcmp(out->status, "merged") == 0)
        return pl_error_set(err, PL_ECONFLICT, "id", "pasangan #%lld sudah digabung",
                            (long long)id);
    if (survivor != out->person_a && survivor != out->person_b)
        return pl_error_set(err, PL_EINVAL, "survivor",
                            "pilih salah satu dari pasangan ini (#%lld atau #%lld)",
                            (long long)out->person_a, (long long)out->person_b);
    int64_t merged = survivor == out->person_a ? out->person_b : out->person_a, merge_id;
    if ((rc = pl_store_dedup_merge(s, who, survivor, merged, &merge_id, err)))
        return rc;
    return pl_store_dedup_candidate_get(s, out, id, err);
}

int pl_dedup_candidate_distinct(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                                const char *reason, pl_dedup_candidate *out, pl_error *err)
{
    int rc = pl_dedup_candidate_get(s, out, id, scope, err);
    if (rc)
        return rc;
    if (strcmp(out->status, "merged") == 0)
        return pl_error_set(err, PL_ECONFLICT, "id",
                            "pasangan #%lld sudah digabung; urungkan dulu penggabungannya",
                            (long long)id);
    if ((rc = pl_store_dedup_distinct(s, who, out->person_a, out->person_b, reason ? reason : "",
                                      err)))
        return rc;
    return pl_store_dedup_candidate_get(s, out, id, err);
}

int pl_dedup_candidate_undo(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                            pl_dedup_candidate *out, pl_error *err)
{
    int rc = pl_dedup_candidate_get(s, out, id, scope, err);
    if (rc)
        return rc;
    if (strcmp(out->status, "merged") != 0 || out->merge_id == 0)
        return pl_error_set(err, PL_ECONFLICT, "id", "pasangan #%lld tidak sedang digabung",
                            (long long)id);
    if ((rc = pl_store_dedup_undo(s, who, out->merge_id, err)))
        return rc;
    return pl_store_dedup_candidate_get(s, out, id, err);
}

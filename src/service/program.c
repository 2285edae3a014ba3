/* program.c - eligibility preview, enrolment (see program.h). */
#include "service/program.h"
#include "domain/period.h"
#include "store/enrolment.h"
#include "store/person.h"
#include "store/program.h"
#include "store/store.h"
#include "store/household.h"
#include "util/vec.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void pl_preview_free(pl_preview *p)
{
    if (p == NULL)
        return;
    free(p->rows);
    p->rows = NULL;
    p->n = 0;
}

static int months_of(const pl_period *per)
{
    switch (per->kind) {
    case PL_PERIOD_YEAR:
        return 12;
    case PL_PERIOD_SEMESTER:
        return 6;
    case PL_PERIOD_QUARTER:
        return 3;
    default:
        return 1;
    }
}

int64_t pl_program_amount_for(const pl_program *p, const char *period)
{
    pl_period per;
    if (pl_period_parse(&per, period) != 0)
        return p->amount;
    return p->amount * pl_program_payments(p->frequency, months_of(&per));
}

static int period_start(char out[11], const char *period, pl_error *err)
{
    pl_period per;
    if (pl_period_parse(&per, period) != 0)
        return pl_error_set(err, PL_EINVAL, "periode",
                            "periode '%s' tidak sah (mis. 2026, 2026-S1, 2026-Q2, 2026-03)",
                            period ? period : "");
    pl_date_format(out, &per.start);
    return 0;
}

typedef struct preview_ctx {
    pl_preview *pv;
    const pl_program *p;
    size_t width; /* characters of the village code kept: 5 regency, 8 district */
    size_t cap;
    size_t last; /* row of the previous hit, tried first */
    int rc;
} preview_ctx;

/* Adds n eligible people to region key in c's preview. */
static int add_region(preview_ctx *c, const char *key, size_t klen, long n)
{
    pl_preview *pv = c->pv;
    if (c->last < pv->n && strncmp(pv->rows[c->last].region, key, klen) == 0 &&
        pv->rows[c->last].region[klen] == '\0') {
        pv->rows[c->last].eligible += n;
        return 0;
    }
    for (size_t i = pv->n; i-- > 0;)
        if (strncmp(pv->rows[i].region, key, klen) == 0 && pv->rows[i].region[klen] == '\0') {
            pv->rows[i].eligible += n;
            c->last = i;
            return 0;
        }
    if (pl_vec_reserve(&pv->rows, &c->cap, pv->n, 1) != 0) {
        c->rc = PL_ENOMEM;
        return PL_ENOMEM;
    }
    snprintf(pv->rows[pv->n].region, sizeof pv->rows[pv->n].region, "%.*s", (int)klen, key);
    pv->rows[pv->n].eligible = n;
    c->last = pv->n++;
    return 0;
}

static int count_one(void *ctx, const pl_elig_subject *x)
{
    preview_ctx *c = ctx;
    pl_preview *pv = c->pv;
    pv->candidates++;
    unsigned failed = pl_eligibility_check(&c->p->rule, x);
    if (failed) {
        for (int i = 0; i < PL_ELIG__COUNT; i++)
            if (failed & (1u << i))
                pv->failed[i]++;
        return 0;
    }
    pv->eligible++;
    size_t klen = strnlen(x->village ? x->village : "", c->width);
    if (klen >= PL_REGION_CODE_MAX)
        klen = PL_REGION_CODE_MAX - 1;
    return add_region(c, x->village ? x->village : "", klen, 1);
}

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const pl_preview_row *)a)->region, ((const pl_preview_row *)b)->region);
}

/* The second half of a split preview scan, read on its own store handle. */
typedef struct preview_part {
    const char *path, *period, *start, *region;
    int64_t from, to;
    pl_preview pv;
    preview_ctx c;
    pl_error err;
    int rc;
    bool opened; /* the second handle opened (else the caller reads the half itself) */
} preview_part;

static void *scan_part(void *arg)
{
    preview_part *t = arg;
    pl_store *s = NULL;
    t->opened = pl_store_open(&s, t->path, PL_STORE_READONLY, &t->err) == 0;
    if (t->opened)
        t->rc = pl_store_program_candidates_range(s, t->c.p, t->period, t->start, t->region,
                                                  t->from, t->to, count_one, &t->c, &t->err);
    pl_store_close(s);
    return NULL;
}

/*
 * Scans without a category condition read every person: split them in two id
 * halves whenever there are two ids (the second handle costs about a
 * millisecond, and small data bases then take the same path as large ones).
 */
#define PREVIEW_SPLIT_MIN 1

/*
 * Runs the candidate scan into c. A rule without categories reads every
 * person, so when the data base is a file the id range is split in two and
 * the upper half is read by a second thread on its own handle.
 */
static int preview_scan(preview_ctx *c, pl_store *s, const pl_program *p, const char *period,
                        const char *start, const char *region, pl_error *err)
{
    const char *path = p->rule.categories ? NULL : pl_store_location(s);
    int64_t lo = 0, hi = 0;
    if (path == NULL || pl_store_program_id_span(s, &lo, &hi, err) != 0 ||
        hi - lo < PREVIEW_SPLIT_MIN) {
        pl_error_clear(err);
        return pl_store_program_candidates(s, p, period, start, region, count_one, c, err);
    }
    int64_t mid = lo + (hi - lo) / 2;
    preview_part t = {.path = path,
                      .period = period,
                      .start = start,
                      .region = region,
                      .from = mid + 1,
                      .to = INT64_MAX};
    t.c = (preview_ctx){.pv = &t.pv, .p = p, .width = c->width};
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, scan_part, &t) == 0;
    int rc = pl_store_program_candidates_range(s, p, period, start, region, INT64_MIN, mid,
                                               count_one, c, err);
    if (threaded)
        pthread_join(th, NULL);
    else if (rc == 0)
        scan_part(&t);
    if (rc == 0 && !t.opened) { /* no second handle: read the upper half here */
        pl_error_clear(&t.err);
        t.rc = pl_store_program_candidates_range(s, p, period, start, region, mid + 1, INT64_MAX,
                                                 count_one, &t.c, &t.err);
    }
    if (rc == 0 && t.rc) {
        rc = t.rc;
        if (rc == PL_ENOMEM && t.c.rc)
            c->rc = t.c.rc;
        else
            *err = t.err;
    }
    if (rc == 0) {
        c->pv->candidates += t.pv.candidates;
        c->pv->eligible += t.pv.eligible;
        for (int i = 0; i < PL_ELIG__COUNT; i++)
            c->pv->failed[i] += t.pv.failed[i];
        for (size_t i = 0; i < t.pv.n && rc == 0; i++)
            rc = add_region(c, t.pv.rows[i].region, strlen(t.pv.rows[i].region),
                            t.pv.rows[i].eligible);
    }
    pl_preview_free(&t.pv);
    return rc;
}

int pl_program_preview(pl_preview *out, pl_store *s, const pl_program *p, const char *period,
                       const char *region, int level, pl_error *err)
{
    memset(out, 0, sizeof *out);
    char start[11];
    int rc = period_start(start, period, err);
    if (rc)
        return rc;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    preview_ctx c = {.pv = out, .p = p, .width = level == 3 ? 8 : 5};
    rc = preview_scan(&c, s, p, period, start, region, err);
    if (rc == PL_ENOMEM && c.rc)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc) {
        pl_preview_free(out);
        return rc;
    }
    if (out->n > 1)
        qsort(out->rows, out->n, sizeof *out->rows, cmp_row);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return 0;
}

typedef struct ids {
    struct {
        int64_t person, household;
    } * v;
    size_t n, cap;
    const pl_program *p;
    int64_t only; /* a single person, or 0 */
    unsigned only_failed;
    bool only_seen;
} ids;

static int collect(void *ctx, const pl_elig_subject *x)
{
    ids *l = ctx;
    unsigned failed = pl_eligibility_check(&l->p->rule, x);
    if (l->only) {
        if (x->person_id != l->only)
            return 0;
        l->only_seen = true;
        l->only_failed = failed;
    }
    if (failed)
        return 0;
    int rc = pl_vec_reserve(&l->v, &l->cap, l->n, 1);
    if (rc != 0)
        return rc;
    l->v[l->n].person = x->person_id;
    l->v[l->n].household = l->p->household ? x->household_id : 0;
    l->n++;
    return 0;
}

static int enroll_list(pl_store *s, const pl_actor *who, const pl_program *p, const char *period,
                       const char *start, const ids *l, const char *reason, long *enrolled,
                       long *skipped, pl_error *err)
{
    int rc = pl_store_begin(s, err);
    if (rc)
        return rc;
    for (size_t i = 0; i < l->n; i++) {
        rc = pl_store_enrolment_add(s, who, p->id, l->v[i].person, l->v[i].household, period,
                                    reason, start, NULL, err);
        if (rc == PL_ECONFLICT) {
            (*skipped)++;
            continue;
        }
        if (rc) {
            pl_store_rollback(s);
            *enrolled = 0;
            return rc;
        }
        (*enrolled)++;
    }
    return pl_store_commit(s, err);
}

int pl_program_enroll_eligible(pl_store *s, const pl_actor *who, const pl_program *p,
                               const char *period, const char *region, const char *reason,
                               long *enrolled, long *skipped, pl_error *err)
{
    *enrolled = *skipped = 0;
    char start[11];
    int rc = period_start(start, period, err);
    if (rc)
        return rc;
    ids l = {.p = p};
    rc = pl_store_program_candidates(s, p, period, start, region, collect, &l, err);
    if (rc == PL_ENOMEM)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    if (rc == 0)
        rc = enroll_list(s, who, p, period, start, &l, reason, enrolled, skipped, err);
    free(l.v);
    return rc;
}

typedef struct refused_ctx {
    const pl_program *p;
    long limit, total;
    pl_refusal_cb cb;
    void *ctx;
} refused_ctx;

static int refused_one(void *ctx, const pl_elig_subject *x)
{
    refused_ctx *c = ctx;
    unsigned failed = pl_eligibility_check(&c->p->rule, x);
    if (!failed)
        return 0;
    if (c->total++ >= c->limit)
        return 0;
    pl_refusal r = {.person_id = x->person_id, .household_id = x->household_id, .failed = failed};
    snprintf(r.village, sizeof r.village, "%s", x->village ? x->village : "");
    return c->cb(c->ctx, &r);
}

int pl_program_refused(pl_store *s, const pl_program *p, const char *period, const char *region,
                       long limit, pl_refusal_cb cb, void *ctx, long *total, pl_error *err)
{
    *total = 0;
    char start[11];
    int rc = period_start(start, period, err);
    if (rc)
        return rc;
    refused_ctx c = {.p = p, .limit = limit, .cb = cb, .ctx = ctx};
    rc = pl_store_program_candidates(s, p, period, start, region ? region : "", refused_one, &c,
                                     err);
    *total = c.total;
    return rc;
}

int pl_program_enroll_person(pl_store *s, const pl_actor *who, const pl_program *p,
                             const char *period, int64_t person_id, const char *reason,
                             pl_error *err)
{
    char start[11];
    int rc = period_start(start, period, err);
    if (rc)
        return rc;
    pl_person person;
    if ((rc = pl_store_person_get(s, &person, person_id, err)))
        return rc;
    ids l = {.p = p, .only = person_id};
    rc = pl_store_program_candidates(s, p, period, start, person.village_code, collect, &l, err);
    if (rc == 0 && !l.only_seen)
        rc = pl_error_set(err, PL_EINVAL, "orang",
                          "%s tidak memenuhi syarat %s (kategori, umur, disabilitas atau "
                          "kepala keluarga)",
                          person.name, p->code);
    if (rc == 0 && l.only_failed) {
        char why[256];
        pl_eligibility_reasons(why, sizeof why, l.only_failed, false);
        rc = pl_error_set(err, PL_EINVAL, "orang", "%s tidak memenuhi syarat %s: %s", person.name,
                          p->code, why);
    }
    if (rc == 0) {
        long e = 0, k = 0;
        ids one = l;
        one.n = 0;
        for (size_t i = 0; i < l.n; i++)
            if (l.v[i].person == person_id)
                one.v[one.n++] = l.v[i];
        rc = enroll_list(s, who, p, period, start, &one, reason, &e, &k, err);
        if (rc == 0 && k)
            rc = pl_error_set(err, PL_ECONFLICT, "orang", "%s sudah terdaftar di %s periode %s",
                              person.name, p->code, period);
    }
    free(l.v);
    return rc;
}

int pl_program_register(pl_program *p, pl_store *s, const pl_actor *who, const char *code,
                        pl_error *err)
{
    if (code == NULL || strlen(code) >= sizeof p->code || strpbrk(code, " ;,"))
        return pl_error_set(err, PL_EINVAL, "kode", "kode program wajib (tanpa spasi)");
    snprintf(p->code, sizeof p->code, "%s", code);
    if (!p->name[0] || !p->level || !p->frequency || p->amount <= 0)
        return pl_error_set(err, PL_EINVAL, "",
                            "nama, tingkat, nominal (>0) dan frekuensi program wajib diisi");
    if (p->rule.age_min >= 0 && p->rule.age_max >= 0 && p->rule.age_min > p->rule.age_max)
        return pl_error_set(err, PL_EINVAL, "age", "umur minimum melebihi umur maksimum");
    return pl_store_program_add(s, who, p, err);
}

int pl_program_account_add(pl_store *s, const pl_actor *who, const char *kk, const char *nik,
                           const char *number, const char *bank, const char *holder, pl_error *err)
{
    if ((kk == NULL) == (nik == NULL) || number == NULL || number[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "", "sebutkan No. KK atau NIK, dan nomor rekening");
    int64_t hh = 0, person = 0;
    int rc;
    if (kk) {
        pl_household h;
        if ((rc = pl_store_household_get_by_kk(s, &h, kk, err)) == 0)
            hh = h.id;
    } else {
        pl_person p;
        if ((rc = pl_store_person_get_by_nik(s, &p, nik, err)) == 0)
            person = p.id;
    }
    if (rc == 0)
        rc = pl_bank_account_check(number, err);
    if (rc == 0)
        rc = pl_store_account_add(s, who, hh, person, number, bank ? bank : "",
                                  holder ? holder : "", err);
    return rc;
}

int pl_program_desil_set(pl_store *s, const pl_actor *who, const char *kk, int desil, pl_error *err)
{
    if (desil < 1 || desil > 10)
        return pl_error_set(err, PL_EINVAL, "desil", "desil harus 1..10");
    pl_household h;
    int rc = pl_store_household_get_by_kk(s, &h, kk, err);
    if (rc == 0)
        rc = pl_store_household_set_desil(s, who, h.id, desil, err);
    return rc;
}

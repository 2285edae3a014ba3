/* verify.c - verification queue and decisions. */
#include "service/verify.h"
#include "domain/region_code.h"
#include "store/person.h"
#include "util/vec.h"

#include <stdlib.h>
#include <string.h>

int pl_verify_queue(pl_store *s, const pl_person_query *q, pl_person_cb cb, void *ctx,
                    pl_error *err)
{
    if (q->limit < 1 || q->limit > 1000)
        return pl_error_set(err, PL_EINVAL, "limit", "limit harus 1 sampai 1000");
    pl_person_query drafts = *q;
    drafts.state = PL_STATE_DRAFT;
    return pl_store_person_search(s, &drafts, cb, ctx, err);
}

PL_VEC_DEFINE(id_list, int64_t)

static int push_id(void *ctx, const pl_person *p)
{
    return id_list_push(ctx, p->id);
}

/* Every draft inside region and scope, a thousand at a time. */
static int collect_drafts(id_list *l, pl_store *s, const char *scope, const char *region,
                          pl_error *err)
{
    pl_person_query q = {.scope = scope, .region = region, .state = PL_STATE_DRAFT, .limit = 1000};
    size_t before;
    do {
        before = l->n;
        int rc = pl_store_person_search(s, &q, push_id, l, err);
        if (rc == PL_ENOMEM)
            return pl_error_set(err, rc, "", "memori tidak cukup");
        if (rc)
            return rc;
        if (l->n > before)
            q.after_id = l->v[l->n - 1];
    } while (l->n - before == 1000);
    return 0;
}

/*
 * Four eyes: an account may not verify a record it registered itself; a
 * colleague does. The command line (the server's administrator, client
 * "cli") is exempt, as is a rejection.
 */
static int second_person(pl_store *s, const pl_actor *who, int64_t id, const pl_verify_request *rq,
                         pl_error *err)
{
    if (strcmp(rq->state, PL_STATE_VERIFIED) != 0 || who == NULL || who->user == NULL ||
        (who->client && strcmp(who->client, "cli") == 0))
        return 0;
    char by[64];
    int rc = pl_store_person_created_by(s, by, sizeof by, id, err);
    if (rc)
        return rc;
    if (by[0] && strcmp(by, who->user) == 0)
        return pl_error_set(err, PL_EDENIED, "id",
                            "data orang id %lld Anda daftarkan sendiri; verifikasi harus dilakukan "
                            "petugas lain",
                            (long long)id);
    return 0;
}

/* Marks one person, refusing (as absent) one outside the scope. */
static int decide_one(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                      const pl_verify_request *rq, pl_error *err)
{
    if (scope && scope[0]) {
        pl_person p;
        int rc = pl_store_person_get(s, &p, id, err);
        if (rc == 0 && !pl_region_code_in_scope(p.village_code, scope))
            rc = PL_ENOTFOUND;
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_ENOTFOUND, "id", "orang id %lld tidak ditemukan",
                                (long long)id);
        if (rc)
            return rc;
    }
    int rc = second_person(s, who, id, rq, err);
    return rc ? rc : pl_store_person_set_state(s, who, id, rq->state, rq->reason, err);
}

int pl_verify_decide(size_t *count, pl_store *s, const pl_actor *who, const char *scope,
                     const pl_verify_request *rq, pl_error *err)
{
    *count = 0;
    bool reject = rq->state && strcmp(rq->state, PL_STATE_REJECTED) == 0;
    if (!reject && (rq->state == NULL || strcmp(rq->state, PL_STATE_VERIFIED) != 0))
        return pl_error_set(err, PL_EINVAL, "status", "status harus verified atau rejected");
    if (reject && (rq->reason == NULL || rq->reason[0] == '\0'))
        return pl_error_set(err, PL_EINVAL, "alasan", "penolakan wajib disertai alasan");
    id_list drafts = {0};
    int rc = pl_store_begin(s, err);
    if (rc)
        return rc;
    if (rq->all_drafts && (rc = collect_drafts(&drafts, s, scope, rq->all_drafts, err)))
        goto out;
    if (rq->n_ids + drafts.n == 0) {
        rc = pl_error_set(err, PL_EINVAL, "id", "tidak ada orang yang ditandai");
        goto out;
    }
    for (size_t i = 0; i < rq->n_ids && rc == 0; i++)
        rc = decide_one(s, who, scope, rq->ids[i], rq, err);
    for (size_t i = 0; i < drafts.n && rc == 0; i++)
        if ((rc = second_person(s, who, drafts.v[i], rq, err)) == 0)
            rc = pl_store_person_set_state(s, who, drafts.v[i], rq->state, rq->reason, err);
out:
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc)
        pl_store_rollback(s);
    else
        *count = rq->n_ids + drafts.n;
    free(drafts.v);
    return rc;
}

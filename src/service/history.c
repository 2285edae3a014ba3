/* history.c - a record's history from the write audit (service/history.h). */
#include "service/history.h"
#include "store/membership.h"

int pl_history_page(pl_store *s, const char *entity, int64_t id, int64_t after, int limit,
                    pl_audit_cb cb, void *ctx, int64_t *reads, pl_error *err)
{
    int rc = pl_store_audit_list(s, entity, id, after, limit, cb, ctx, err);
    return rc ? rc : pl_store_audit_read_count(s, entity, id, reads, err);
}

typedef struct mem_ids {
    int64_t id[PL_HISTORY_MEMBERSHIPS];
    int n;
} mem_ids;

static int add_mem_id(void *ctx, const pl_membership *m)
{
    mem_ids *l = ctx;
    if (l->n < PL_HISTORY_MEMBERSHIPS)
        l->id[l->n++] = m->id;
    return 0;
}

int pl_history_memberships(pl_store *s, int64_t person_id, int64_t household_id, pl_audit_cb cb,
                           void *ctx, pl_error *err)
{
    mem_ids l = {.n = 0};
    int rc = pl_store_membership_list(s, person_id, 0, add_mem_id, &l, err);
    if (rc == 0 && household_id)
        rc = pl_store_membership_list(s, 0, household_id, add_mem_id, &l, err);
    for (int i = 0; rc == 0 && i < l.n; i++)
        rc = pl_store_audit_list(s, "membership", l.id[i], 0, PL_HISTORY_PER_MEMBERSHIP, cb, ctx,
                                 err);
    return rc;
}

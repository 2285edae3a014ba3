/* cells.c - the suppressed count tree shared by every aggregate route. */
#include "service/cells.h"

#include "domain/category.h"
#include "store/report.h"
#include "store/store.h"
#include "store/summary.h"

#include <stdlib.h>

static int on_count(void *ctx, const pl_count_row *c)
{
    pl_suppress_tree *t = ctx;
    if (c->category < 1 || c->category > 26)
        return 0;
    const pl_category *cat = pl_pmks_get(c->category);
    int rc = pl_suppress_tree_add(t, c->region, PL_CELL_PEOPLE + c->category, c->people[0]);
    if (rc == 0)
        rc = pl_suppress_tree_add(t, c->region, PL_CELL_PEOPLE, c->people[0]);
    if (rc == 0)
        rc = pl_suppress_tree_add(t, c->region, PL_CELL_HH(c->category), c->households[0]);
    if (rc == 0)
        rc = pl_suppress_tree_add(t, c->region, PL_CELL_MEMBERSHIPS,
                                  cat && cat->applies_to != PL_APPLIES_PERSON ? c->households[0]
                                                                              : c->people[0]);
    return rc == PL_EINVAL ? 0 : rc; /* a malformed stored code is not fatal */
}

static int on_village(void *ctx, const pl_village_summary *v)
{
    pl_suppress_tree *t = ctx;
    const struct {
        int m;
        long v;
    } add[] = {{PL_CELL_PERSONS, v->people},       {PL_CELL_FAMILIES, v->households},
               {PL_CELL_ALIVE, v->people_alive},   {PL_CELL_DRAFT, v->by_state[0]},
               {PL_CELL_VERIFIED, v->by_state[1]}, {PL_CELL_REJECTED, v->by_state[2]},
               {PL_CELL_NO_NIK, v->without_nik}};
    for (size_t i = 0; i < sizeof add / sizeof add[0]; i++) {
        int rc = pl_suppress_tree_add(t, v->village, add[i].m, add[i].v);
        if (rc)
            return rc == PL_EINVAL ? 0 : rc;
    }
    return 0;
}

int pl_cells_build(pl_suppress_tree **out, pl_store *s, const char *date, pl_error *err)
{
    *out = NULL;
    pl_suppress_tree *t = pl_suppress_tree_new(PL_CELL__MAX);
    if (t == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int cats[26], memb[26], states[3] = {PL_CELL_DRAFT, PL_CELL_VERIFIED, PL_CELL_REJECTED};
    for (int c = 1; c <= 26; c++) {
        const pl_category *cat = pl_pmks_get(c);
        cats[c - 1] = PL_CELL_PEOPLE + c;
        memb[c - 1] =
            cat && cat->applies_to != PL_APPLIES_PERSON ? PL_CELL_HH(c) : PL_CELL_PEOPLE + c;
    }
    int rc = pl_suppress_tree_sum(t, PL_CELL_PEOPLE, cats, 26);
    if (rc == 0)
        rc = pl_suppress_tree_sum(t, PL_CELL_MEMBERSHIPS, memb, 26);
    if (rc == 0)
        rc = pl_suppress_tree_sum(t, PL_CELL_PERSONS, states, 3);
    if (rc) {
        rc = pl_error_set(err, rc, "", "memori tidak cukup");
        goto out;
    }
    pl_count_query q = {.scope = "", .region = "", .level = PL_LEVEL_VILLAGE, .dates = {date}};
    if ((rc = pl_store_count_at(s, &q, on_count, t, err)))
        goto out;
    if ((rc = pl_store_summary_by_village(s, "", on_village, t, err)))
        goto out;
    if ((rc = pl_suppress_tree_run(t)))
        rc = pl_error_set(err, rc, "", "memori tidak cukup");
out:
    if (rc) {
        if (rc == PL_ENOMEM && (err == NULL || err->code == PL_OK))
            pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        pl_suppress_tree_free(t);
        return rc;
    }
    *out = t;
    return 0;
}

long pl_cells_shown(const pl_suppress_tree *t, const char *code, int m, long v)
{
    if (pl_suppress_hidden(v) || pl_suppress_is_small(v))
        return PL_SUPPRESSED;
    return pl_suppress_tree_shown(t, code, m) == PL_SUPPRESSED ? PL_SUPPRESSED : v;
}

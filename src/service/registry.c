/* registry.c - people and households as one unit of work. */
#include "service/registry.h"
#include "domain/category.h"
#include "domain/relationship.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* Copies src into dst[cap], cut to fit (the importer calls this for every row). */
static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strnlen(src, cap - 1);
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void pl_registry_record_to_person(pl_person *p, const pl_record *rec)
{
    copy_text(p->nik, sizeof p->nik, rec->nik);
    copy_text(p->name, sizeof p->name, rec->name);
    copy_text(p->birth_place, sizeof p->birth_place, rec->birth_place);
    pl_date_format(p->birth_date, &rec->birth);
    p->sex = rec->sex;
    copy_text(p->relationship, sizeof p->relationship,
              pl_relationship_slug((pl_relationship)rec->relationship));
    copy_text(p->mother_name, sizeof p->mother_name, rec->mother_name);
    copy_text(p->disability, sizeof p->disability, rec->disability);
    copy_text(p->village_code, sizeof p->village_code, rec->village);
    p->flags = rec->flags;
}

typedef struct open_set {
    int open[PL_PMKS_COUNT + 1];
} open_set;

static int mark_open(void *ctx, const pl_membership *m)
{
    open_set *o = ctx;
    if (m->valid_to[0] == '\0' && m->category >= 1 && m->category <= PL_PMKS_COUNT)
        o->open[m->category] = 1;
    return 0;
}

int pl_registry_add_categories(pl_store *s, const pl_actor *who, const pl_person *p,
                               const pl_record_pmks *pmks, int n, const pl_date *today,
                               pl_error *err)
{
    open_set person_open = {0}, hh_open = {0};
    int rc = pl_store_membership_list(s, p->id, 0, mark_open, &person_open, err);
    if (rc == 0 && p->household_id)
        rc = pl_store_membership_list(s, 0, p->household_id, mark_open, &hh_open, err);
    for (int i = 0; i < n && rc == 0; i++) {
        const pl_category *c = pl_pmks_get(pmks[i].code);
        if (c == NULL)
            return pl_error_set(err, PL_EINVAL, "pmks", "kategori PMKS %d tidak dikenal",
                                pmks[i].code);
        pl_membership m = {0};
        m.category = c->code;
        bool household = c->applies_to != PL_APPLIES_PERSON;
        if (household && p->household_id == 0)
            return pl_error_set(err, PL_EINVAL, "pmks",
                                "kategori %s berlaku untuk keluarga, tetapi orang ini tanpa KK",
                                c->name);
        if (household ? hh_open.open[c->code] : person_open.open[c->code])
            continue;
        if (household)
            m.household_id = p->household_id;
        else
            m.person_id = p->id;
        pl_date_format(m.valid_from, pmks[i].has_since ? &pmks[i].since : today);
        rc = pl_store_membership_add(s, who, &m, err);
        if (rc == 0)
            (household ? hh_open.open : person_open.open)[c->code] = 1;
    }
    return rc;
}

int pl_registry_person_add(pl_store *s, const pl_actor *who, const pl_record *rec,
                           const pl_date *today, pl_person *out, pl_error *err)
{
    int rc = pl_store_begin(s, err);
    if (rc)
        return rc;
    pl_household hh;
    bool existed = false;
    rc = pl_store_household_get_by_kk(s, &hh, rec->kk, NULL);
    if (rc == 0)
        existed = true;
    if (rc == PL_ENOTFOUND) {
        memset(&hh, 0, sizeof hh);
        snprintf(hh.kk, sizeof hh.kk, "%s", rec->kk);
        snprintf(hh.village_code, sizeof hh.village_code, "%s", rec->village);
        snprintf(hh.address, sizeof hh.address, "%s", rec->address);
        snprintf(hh.rt, sizeof hh.rt, "%s", rec->rt);
        snprintf(hh.rw, sizeof hh.rw, "%s", rec->rw);
        hh.has_coord = rec->has_coord;
        hh.lat = rec->lat;
        hh.lon = rec->lon;
        rc = pl_store_household_add(s, who, &hh, err);
    } else if (rc == 0 && strcmp(hh.village_code, rec->village) != 0) {
        rc = pl_error_set(err, PL_EINVAL, "kode_desa",
                          "keluarga No. KK %s terdaftar di desa %s, bukan %s", rec->kk,
                          hh.village_code, rec->village);
    } else if (rc) {
        rc = pl_error_set(err, rc, "no_kk", "keluarga No. KK %s tidak dapat dibaca", rec->kk);
    }
    if (rc)
        goto out;
    memset(out, 0, sizeof *out);
    pl_registry_record_to_person(out, rec);
    out->household_id = hh.id;
    /* A new household takes the row's point as its home; joining an existing one, the
     * point is this person's own (e.g. a bedridden member cared for elsewhere). */
    if (existed && rec->has_coord && (!hh.has_coord || hh.lat != rec->lat || hh.lon != rec->lon)) {
        out->has_coord = true;
        out->lat = rec->lat;
        out->lon = rec->lon;
    }
    rc = pl_store_person_add(s, who, out, err);
    if (rc)
        goto out;
    rc = pl_registry_add_categories(s, who, out, rec->pmks, rec->n_pmks, today, err);
out:
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc)
        pl_store_rollback(s);
    return rc;
}

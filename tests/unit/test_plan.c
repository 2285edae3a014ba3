/*
 * test_plan.c - issue 20, items 4 and 6: PSKS coverage against need on
 * hand-made data with known answers (units serving an area, ended and not yet
 * started units, villages without PSKS, disaster-prone villages, the public
 * view), the permission to plan, and interventions written through the
 * service (scope, links, optimistic version, notes, audit).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "domain/account.h"
#include "service/intervention.h"
#include "service/psks_coverage.h"
#include "store/audit.h"
#include "store/disaster.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/psks.h"
#include "store/rakor.h"
#include "store/region.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    char path[96];
    pl_store *s;
    pl_error err;
    int64_t tksk, psm1, psm_old, tagana_new, psm_smd;
} fx;

static const pl_actor tester = {"tester", "test"};

#define V1 "64.74.01.1001"
#define V2 "64.74.01.1002"
#define V3 "64.74.01.1003"

static const pl_region tree[] = {
    {"64", "", 1, "Kalimantan Timur"},
    {"64.74", "64", 2, "Kota Bontang"},
    {"64.74.01", "64.74", 3, "Bontang Utara"},
    {V1, "64.74.01", 4, "Bontang Kuala"},
    {V2, "64.74.01", 4, "Bontang Baru"},
    {V3, "64.74.01", 4, "Lok Tuan"},
    {"64.72", "64", 2, "Kota Samarinda"},
    {"64.72.01", "64.72", 3, "Palaran"},
    {"64.72.01.1001", "64.72.01", 4, "Rawa Makmur"},
};

/* A household of one in village with a person in PMKS category 9 from 2020. */
static void add_needy(fx *f, const char *kk, const char *nik, const char *name, const char *village)
{
    pl_household h;
    memset(&h, 0, sizeof h);
    snprintf(h.kk, sizeof h.kk, "%s", kk);
    snprintf(h.village_code, sizeof h.village_code, "%s", village);
    assert_int_equal(pl_store_household_add(f->s, &tester, &h, &f->err), 0);
    pl_person p;
    memset(&p, 0, sizeof p);
    snprintf(p.nik, sizeof p.nik, "%s", nik);
    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.birth_date, sizeof p.birth_date, "1980-01-01");
    p.sex = 'L';
    snprintf(p.relationship, sizeof p.relationship, "kepala_keluarga");
    p.household_id = h.id;
    assert_int_equal(pl_store_person_add(f->s, &tester, &p, &f->err), 0);
    pl_membership m;
    memset(&m, 0, sizeof m);
    m.person_id = p.id;
    m.category = 9;
    snprintf(m.valid_from, sizeof m.valid_from, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &m, &f->err), 0);
}

static int64_t add_unit(fx *f, int type, const char *name, const char *area, const char *from,
                        const char *to)
{
    pl_psks_unit u;
    memset(&u, 0, sizeof u);
    u.type = type;
    snprintf(u.kind, sizeof u.kind, "orang");
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.area_code, sizeof u.area_code, "%s", area);
    snprintf(u.valid_from, sizeof u.valid_from, "%s", from);
    snprintf(u.valid_to, sizeof u.valid_to, "%s", to);
    assert_int_equal(pl_store_psks_add(f->s, &tester, &u, &f->err), 0);
    return u.id;
}

static void add_disaster(fx *f, const char *region, const char *date)
{
    pl_disaster d;
    memset(&d, 0, sizeof d);
    snprintf(d.type, sizeof d.type, "banjir");
    snprintf(d.event_date, sizeof d.event_date, "%s", date);
    snprintf(d.region_code, sizeof d.region_code, "%s", region);
    d.bbox = (pl_store_bbox){117.4, 0.1, 117.5, 0.2};
    assert_int_equal(pl_store_disaster_add(f->s, &tester, &d,
                                           "{\"type\":\"Polygon\",\"coordinates\":[[[117.4,0.1],"
                                           "[117.5,0.1],[117.5,0.2],[117.4,0.1]]]}",
                                           &f->err),
                     0);
}

/*
 * Bontang Utara: 3 people in need in V1, 1 in V2, none in V3. A TKSK for
 * the district, a PSM in V1, a PSM in V2 that ended in 2024, a Tagana in V2
 * who starts in 2026. A disaster registered by V3 in 2024, one by V1 in 2015.
 */
static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_plan_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) ||
        pl_store_migrate(f->s, NULL, NULL, &f->err) ||
        pl_store_region_put_many(f->s, tree, sizeof tree / sizeof tree[0], &f->err))
        return -1;
    *state = f;
    add_needy(f, "6474010101200001", "6474010101800001", "Ahmad", V1);
    add_needy(f, "6474010101200002", "6474010101800002", "Budi", V1);
    add_needy(f, "6474010101200003", "6474010101800003", "Citra", V1);
    add_needy(f, "6474010101200004", "6474010101800004", "Dedi", V2);
    f->tksk = add_unit(f, 11, "Tksk Utara", "64.74.01", "", "");
    f->psm1 = add_unit(f, 2, "Psm Kuala", V1, "2019-01-01", "");
    f->psm_old = add_unit(f, 2, "Psm Lama", V2, "", "2024-12-31");
    f->tagana_new = add_unit(f, 3, "Tagana Baru", V2, "2026-01-01", "");
    f->psm_smd = add_unit(f, 2, "Psm Palaran", "64.72.01.1001", "", "");
    add_disaster(f, V3, "2024-02-01");
    add_disaster(f, V1, "2015-05-05");
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->s);
    pl_test_rmtree(f->dir);
    free(f);
    return 0;
}

static const pl_psks_cov_row *row(const pl_psks_cov *c, const char *code)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (strcmp(c->rows[i].code, code) == 0)
            return &c->rows[i];
    fail_msg("no row %s", code);
    return NULL;
}

static void test_coverage_known_answers(void **state)
{
    fx *f = *state;
    pl_psks_cov *c = NULL;
    pl_psks_cov_options o = {.scope = "64.74", .region = "647401", .date = "2025-06-30"};
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), 0);
    assert_string_equal(c->region, "64.74.01");
    assert_string_equal(c->since, "2020-06-30");
    assert_int_equal(c->n_rows, 4);
    assert_string_equal(c->rows[0].code, "64.74.01");
    const pl_psks_cov_row *r = row(c, V1);
    assert_int_equal(r->need, 3);
    assert_int_equal(r->tksk, 1); /* the district's TKSK serves each village */
    assert_int_equal(r->psm, 1);
    assert_int_equal(r->tagana, 0);
    assert_int_equal(r->units, 1);
    assert_int_equal(r->prone, 0); /* its disaster is older than 5 years */
    double x = 0;
    assert_true(pl_psks_cov_ratio(&x, r->need, r->psm));
    assert_true(x == 3.0);
    r = row(c, V2);
    assert_int_equal(r->need, 1);
    assert_int_equal(r->psm, 0);    /* ended in 2024 */
    assert_int_equal(r->tagana, 0); /* starts in 2026 */
    assert_int_equal(r->units, 0);
    assert_int_equal(r->villages_without, 1);
    assert_false(pl_psks_cov_ratio(&x, r->need, r->psm));
    r = row(c, V3);
    assert_int_equal(r->need, 0);
    assert_int_equal(r->prone, 1);
    assert_int_equal(r->prone_without_tagana, 1);
    assert_int_equal(r->disasters, 1);
    r = row(c, "64.74.01");
    assert_int_equal(r->need, 4);
    assert_int_equal(r->tksk, 1);
    assert_int_equal(r->psm, 1);
    assert_int_equal(r->units, 2);
    assert_int_equal(r->villages, 3);
    assert_int_equal(r->villages_without, 2);
    assert_int_equal(r->prone, 1);
    assert_int_equal(r->prone_without_tagana, 1);
    assert_int_equal(c->total.need, 4);
    assert_int_equal(c->total.villages_without, 2);
    pl_psks_cov_free(c);

    /* Twelve years back the 2015 disaster counts; in 2026 the Tagana serves V2. */
    o.years = 12;
    o.date = "2026-02-01";
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), 0);
    assert_int_equal(row(c, V1)->prone, 1);
    assert_int_equal(row(c, V2)->tagana, 1);
    assert_int_equal(row(c, V2)->units, 1);
    assert_int_equal(c->total.prone, 2);
    pl_psks_cov_free(c);

    /* The public view hides the small counts of people and the ratios built on them. */
    o = (pl_psks_cov_options){
        .scope = "", .region = "64.74.01", .date = "2025-06-30", .viewer = true};
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), 0);
    assert_int_equal(row(c, V1)->need, PL_SUPPRESSED);
    assert_int_equal(row(c, V2)->need, PL_SUPPRESSED);
    assert_int_equal(row(c, V3)->need, 0);
    assert_false(pl_psks_cov_ratio(&x, row(c, V1)->need, 1));
    assert_int_equal(row(c, V1)->tksk, 1); /* units are not people: shown */
    json_t *j = pl_psks_cov_json(c);
    assert_non_null(j);
    json_t *jr = json_array_get(json_object_get(j, "rows"), 1);
    assert_true(json_is_null(json_object_get(jr, "need")));
    assert_true(json_is_true(json_object_get(jr, "need_hidden")));
    json_decref(j);
    pl_psks_cov_free(c);

    /* Outside the scope, unknown regions, bad windows. */
    o = (pl_psks_cov_options){.scope = "64.72", .region = "64.74.01"};
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), PL_EDENIED);
    assert_null(c);
    o = (pl_psks_cov_options){.scope = "", .region = "64.7x"};
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), PL_EINVAL);
    o = (pl_psks_cov_options){.scope = "", .region = "64.74", .years = 51};
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "years");
    o = (pl_psks_cov_options){.scope = ""};
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "region");
}

/* A unit counts in every area it serves, not only its home: the Samarinda PSM also serving V3. */
static void test_coverage_served_areas(void **state)
{
    fx *f = *state;
    pl_psks_unit u;
    assert_int_equal(pl_store_psks_get(f->s, &u, f->psm_smd, &f->err), 0);
    u.n_areas = 1;
    snprintf(u.areas[0], sizeof u.areas[0], "%s", V3);
    assert_int_equal(pl_store_psks_update(f->s, &tester, &u, &f->err), 0);
    pl_psks_cov *c = NULL;
    pl_psks_cov_options o = {.scope = "64.74", .region = "647401", .date = "2025-06-30"};
    assert_int_equal(pl_psks_coverage(&c, f->s, &o, &f->err), 0);
    const pl_psks_cov_row *r = row(c, V3);
    assert_int_equal(r->psm, 1);
    assert_int_equal(r->units, 1);
    assert_int_equal(r->villages_without, 0);
    assert_int_equal(row(c, V2)->psm, 0);
    r = row(c, "64.74.01");
    assert_int_equal(r->psm, 2);
    assert_int_equal(r->villages_without, 1); /* V2 only */
    pl_psks_cov_free(c);
}

static void test_plan_permission(void **state)
{
    (void)state;
    assert_true(pl_account_perms("admin") & PL_PERM_PLAN);
    assert_true(pl_account_perms("province") & PL_PERM_PLAN);
    assert_true(pl_account_perms("regency") & PL_PERM_PLAN);
    assert_true(pl_account_perms("district") & PL_PERM_PLAN);
    assert_false(pl_account_perms("village") & PL_PERM_PLAN);
    assert_false(pl_account_perms("viewer") & PL_PERM_PLAN);
    assert_false(pl_account_perms("province") & PL_PERM_WRITE); /* plans without writing records */
}

static int count_link(void *ctx, const pl_intervention_link *l)
{
    (void)l;
    ++*(int *)ctx;
    return 0;
}

static void test_intervention_write(void **state)
{
    fx *f = *state;
    pl_intervention iv;
    memset(&iv, 0, sizeof iv);
    snprintf(iv.region, sizeof iv.region, "6474");
    snprintf(iv.title, sizeof iv.title, "Pendampingan lansia");
    snprintf(iv.level, sizeof iv.level, "kabupaten-kota");
    int64_t units[] = {f->tksk, f->psm1};
    pl_intervention_links l = {units, 2, NULL, 0};
    assert_int_equal(pl_intervention_create(f->s, &tester, "64.74", 0, NULL, &iv, &l, &f->err), 0);
    assert_string_equal(iv.region, "64.74");
    assert_int_equal(iv.version, 1);
    int n = 0;
    assert_int_equal(pl_store_intervention_links(f->s, iv.id, count_link, &n, &f->err), 0);
    assert_int_equal(n, 2);

    /* A unit outside the scope is an unknown unit; nothing is written. */
    pl_intervention other = iv;
    other.id = 0;
    int64_t outside[] = {f->psm_smd};
    pl_intervention_links lo = {outside, 1, NULL, 0};
    assert_int_equal(pl_intervention_create(f->s, &tester, "64.74", 0, NULL, &other, &lo, &f->err),
                     PL_EINVAL);
    assert_string_equal(f->err.field, "psks");
    /* A region outside the scope is refused. */
    snprintf(other.region, sizeof other.region, "64.72");
    assert_int_equal(pl_intervention_create(f->s, &tester, "64.74", 0, NULL, &other, NULL, &f->err),
                     PL_EDENIED);

    /* Change with a note and new links; a stale version changes nothing. */
    int64_t one[] = {f->psm1};
    pl_intervention_links l1 = {one, 1, NULL, 0};
    pl_intervention_change chg = {.version = 1,
                                  .status = "berjalan",
                                  .category = -1,
                                  .budget = 1,
                                  .budget_value = 5e6,
                                  .note = "Kunjungan pertama",
                                  .noted_on = "2025-02-03",
                                  .links = &l1};
    pl_intervention out;
    assert_int_equal(pl_intervention_edit(&out, f->s, &tester, "64.74", iv.id, &chg, &f->err), 0);
    assert_int_equal(out.version, 2);
    assert_string_equal(out.status, "berjalan");
    assert_true(out.has_budget && out.budget == 5e6);
    assert_string_equal(out.last_note, "Kunjungan pertama");
    assert_string_equal(out.last_note_on, "2025-02-03");
    n = 0;
    assert_int_equal(pl_store_intervention_links(f->s, iv.id, count_link, &n, &f->err), 0);
    assert_int_equal(n, 1);
    chg = (pl_intervention_change){.version = 1, .status = "selesai", .category = -1};
    assert_int_equal(pl_intervention_edit(&out, f->s, &tester, "64.74", iv.id, &chg, &f->err),
                     PL_ECONFLICT);
    assert_int_equal(pl_store_intervention_get(f->s, &out, iv.id, &f->err), 0);
    assert_string_equal(out.status, "berjalan");
    /* Outside the scope it does not exist, with the message of an absent one. */
    chg.version = 2;
    assert_int_equal(pl_intervention_edit(&out, f->s, &tester, "64.72", iv.id, &chg, &f->err),
                     PL_ENOTFOUND);
    char msg[512];
    snprintf(msg, sizeof msg, "%s", f->err.message);
    assert_int_equal(pl_intervention_edit(&out, f->s, &tester, "64.72", 999999, &chg, &f->err),
                     PL_ENOTFOUND);
    char want[512];
    snprintf(want, sizeof want, "intervensi id %lld tidak ada", (long long)iv.id);
    assert_string_equal(msg, want);
    /* A stored status the domain refuses, and a bad note date. */
    chg = (pl_intervention_change){.version = 2, .status = "tunda", .category = -1};
    assert_int_equal(pl_intervention_edit(&out, f->s, &tester, "", iv.id, &chg, &f->err),
                     PL_EINVAL);
    chg = (pl_intervention_change){.version = 2, .note = "x", .noted_on = "3/2/25", .category = -1};
    assert_int_equal(pl_intervention_edit(&out, f->s, &tester, "", iv.id, &chg, &f->err),
                     PL_EINVAL);
    /* Clearing: budget and due date. */
    chg = (pl_intervention_change){.version = 2, .budget = -1, .due_date = "", .category = 0};
    assert_int_equal(pl_intervention_edit(&out, f->s, &tester, "", iv.id, &chg, &f->err), 0);
    assert_false(out.has_budget);
    assert_int_equal(out.version, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_coverage_known_answers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_coverage_served_areas, setup, teardown),
        cmocka_unit_test(test_plan_permission),
        cmocka_unit_test_setup_teardown(test_intervention_write, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

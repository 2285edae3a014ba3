/*
 * test_report.c - counts at a date on hand-made data with known answers
 * (memberships starting and ending inside a period, a death, a move between
 * villages of two regencies, a NIK with a former region code), household
 * categories counted as households and members, period comparison through
 * the service, small-cell suppression, period sign-off locks, interventions,
 * and the XLSX report read back cell by cell.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "domain/rakor.h"
#include "io/report_render.h"
#include "io/table_reader.h"
#include "service/report.h"
#include "store/approval.h"
#include "store/audit.h"
#include "store/household.h"
#include "store/indicator.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/rakor.h"
#include "store/region.h"
#include "store/report.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    char path[96];
    pl_store *s;
    pl_error err;
    int64_t h1, h2, h3, a, b, c, d, m_a9, m_b8;
} fx;

static const pl_actor tester = {"tester", "test"};

static const pl_region tree[] = {
    {"64", "", 1, "Kalimantan Timur"},
    {"64.74", "64", 2, "Kota Bontang"},
    {"64.74.01", "64.74", 3, "Bontang Utara"},
    {"64.74.01.1001", "64.74.01", 4, "Bontang Kuala"},
    {"64.74.01.1002", "64.74.01", 4, "Bontang Baru"},
    {"64.72", "64", 2, "Kota Samarinda"},
    {"64.72.01", "64.72", 3, "Palaran"},
    {"64.72.01.1001", "64.72.01", 4, "Rawa Makmur"},
};

static int64_t add_hh(fx *f, const char *kk, const char *village)
{
    pl_household h;
    memset(&h, 0, sizeof h);
    snprintf(h.kk, sizeof h.kk, "%s", kk);
    snprintf(h.village_code, sizeof h.village_code, "%s", village);
    assert_int_equal(pl_store_household_add(f->s, &tester, &h, &f->err), 0);
    return h.id;
}

static int64_t add_person(fx *f, const char *nik, const char *name, int64_t hh)
{
    pl_person p;
    memset(&p, 0, sizeof p);
    snprintf(p.nik, sizeof p.nik, "%s", nik);
    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.birth_date, sizeof p.birth_date, "1980-01-01");
    p.sex = 'L';
    snprintf(p.relationship, sizeof p.relationship, "kepala_keluarga");
    p.household_id = hh;
    assert_int_equal(pl_store_person_add(f->s, &tester, &p, &f->err), 0);
    return p.id;
}

static int add_m(fx *f, int64_t person, int64_t hh, int cat, const char *from, const char *to,
                 int64_t *id)
{
    pl_membership m;
    memset(&m, 0, sizeof m);
    m.person_id = person;
    m.household_id = hh;
    m.category = cat;
    snprintf(m.valid_from, sizeof m.valid_from, "%s", from);
    snprintf(m.valid_to, sizeof m.valid_to, "%s", to ? to : "");
    int rc = pl_store_membership_add(f->s, &tester, &m, &f->err);
    if (id)
        *id = m.id;
    return rc;
}

static int set_death(fx *f, int64_t id, const char *date)
{
    pl_person p;
    assert_int_equal(pl_store_person_get(f->s, &p, id, &f->err), 0);
    snprintf(p.death_date, sizeof p.death_date, "%s", date);
    return pl_store_person_update(f->s, &tester, &p, &f->err);
}

/*
 * Bontang Kuala: household H1 (fakir miskin from 2023-01-01) with A
 * (disabilitas from 2022-03-01) and B (lansia 2023-06-01..2024-05-31).
 * Bontang Baru: H3 with D (disabilitas from 2020-01-01), who moves to Rawa
 * Makmur (Samarinda) on 2024-03-01. Rawa Makmur: H2 with C (NIK with the
 * former Bulungan code 64.04; disabilitas from 2024-02-01), who dies on
 * 2024-08-15.
 */
static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_report_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) ||
        pl_store_migrate(f->s, NULL, NULL, &f->err) ||
        pl_store_region_put_many(f->s, tree, sizeof tree / sizeof tree[0], &f->err))
        return -1;
    *state = f;
    f->h1 = add_hh(f, "6474010101200001", "64.74.01.1001");
    f->h2 = add_hh(f, "6472010101200002", "64.72.01.1001");
    f->h3 = add_hh(f, "6474010101200003", "64.74.01.1002");
    f->a = add_person(f, "6474010101800001", "Ahmad", f->h1);
    f->b = add_person(f, "6474010101400002", "Budi", f->h1);
    f->c = add_person(f, "6404010101800003", "Citra", f->h2);
    f->d = add_person(f, "6474010101800004", "Dedi", f->h3);
    assert_int_equal(add_m(f, f->a, 0, 9, "2022-03-01", NULL, &f->m_a9), 0);
    assert_int_equal(add_m(f, f->b, 0, 8, "2023-06-01", "2024-05-31", &f->m_b8), 0);
    assert_int_equal(add_m(f, f->c, 0, 9, "2024-02-01", NULL, NULL), 0);
    assert_int_equal(add_m(f, f->d, 0, 9, "2020-01-01", NULL, NULL), 0);
    assert_int_equal(add_m(f, 0, f->h1, 24, "2023-01-01", NULL, NULL), 0);
    assert_int_equal(set_death(f, f->c, "2024-08-15"), 0);
    assert_int_equal(
        pl_store_residence_move(f->s, &tester, f->d, "64.72.01.1001", "2024-03-01", &f->err), 0);
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

/* Counts gathered into [region index][category][date] for the two regencies. */
typedef struct grid {
    long people[2][27][2];
    long households[2][27][2];
    int rows;
} grid;

static int on_row(void *ctx, const pl_count_row *r)
{
    grid *g = ctx;
    int k = strcmp(r->region, "64.74") == 0 ? 0 : strcmp(r->region, "64.72") == 0 ? 1 : -1;
    assert_true(k >= 0);
    for (int i = 0; i < 2; i++) {
        g->people[k][r->category][i] += r->people[i];
        g->households[k][r->category][i] += r->households[i];
    }
    g->rows++;
    return 0;
}

static grid count(fx *f, const char *d1, const char *d2)
{
    grid g;
    memset(&g, 0, sizeof g);
    pl_count_query q = {.scope = "", .region = "64", .level = 2, .dates = {d1, d2}};
    assert_int_equal(pl_store_count_at(f->s, &q, on_row, &g, &f->err), 0);
    return g;
}

enum { BTG = 0, SMD = 1 };

static void test_counts_at_dates(void **state)
{
    fx *f = *state;
    grid g = count(f, "2024-12-31", "2023-12-31");
    /* End of 2023: A and D in Bontang, B still elderly, H1 poor with 2 members. */
    assert_int_equal(g.people[BTG][9][1], 2);
    assert_int_equal(g.people[BTG][8][1], 1);
    assert_int_equal(g.households[BTG][24][1], 1);
    assert_int_equal(g.people[BTG][24][1], 2);
    assert_int_equal(g.people[SMD][9][1], 0);
    /* End of 2024: B's membership ended, D moved to Samarinda, C died. */
    assert_int_equal(g.people[BTG][9][0], 1);
    assert_int_equal(g.people[BTG][8][0], 0);
    assert_int_equal(g.households[BTG][24][0], 1);
    assert_int_equal(g.people[BTG][24][0], 2);
    assert_int_equal(g.people[SMD][9][0], 1);

    /* Mid 2024: C alive and counted in Samarinda with D; B's last day counts. */
    g = count(f, "2024-06-30", "2024-05-31");
    assert_int_equal(g.people[SMD][9][0], 2);
    assert_int_equal(g.people[BTG][8][0], 0);
    assert_int_equal(g.people[BTG][8][1], 1);
    /* The day before and the day of the move. */
    g = count(f, "2024-02-29", "2024-03-01");
    assert_int_equal(g.people[BTG][9][0], 2);
    assert_int_equal(g.people[SMD][9][0], 1); /* C only */
    assert_int_equal(g.people[BTG][9][1], 1);
    assert_int_equal(g.people[SMD][9][1], 2); /* C and D */
    /* The day of death no longer counts. */
    g = count(f, "2024-08-14", "2024-08-15");
    assert_int_equal(g.people[SMD][9][0], 2);
    assert_int_equal(g.people[SMD][9][1], 1);
    /* Before anything began. */
    g = count(f, "2019-12-31", NULL);
    assert_int_equal(g.rows, 0);
}

static void test_member_death_in_household_category(void **state)
{
    fx *f = *state;
    assert_int_equal(set_death(f, f->b, "2025-02-01"), 0);
    grid g = count(f, "2025-12-31", "2024-12-31");
    assert_int_equal(g.households[BTG][24][0], 1);
    assert_int_equal(g.people[BTG][24][0], 1);
    assert_int_equal(g.people[BTG][24][1], 2);
}

static void test_village_level_and_scope(void **state)
{
    fx *f = *state;
    pl_count_query q = {
        .scope = "64.74", .region = "64.72", .level = 4, .dates = {"2023-12-31", NULL}};
    assert_int_equal(pl_store_count_at(f->s, &q, on_row, NULL, &f->err), PL_EDENIED);
    q.level = 5;
    q.region = "";
    assert_int_equal(pl_store_count_at(f->s, &q, on_row, NULL, &f->err), PL_EINVAL);
    /* A count date that is not YYYY-MM-DD is refused above the store. */
    pl_report_options o = {.scope = "", .region = "64", .period = "2023", .date = "31-12-2023"};
    pl_report *r = NULL;
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "date");
    assert_null(r);
    /* Errors name the request parameter (docs/api.md: English keys). */
    pl_report_options lv = {.scope = "", .region = "64", .period = "2023", .level = 9};
    assert_int_equal(pl_report_build(&r, f->s, &lv, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "level");
    pl_report_options cmp = {.scope = "", .region = "64", .period = "2023", .compare = "20x"};
    assert_int_equal(pl_report_build(&r, f->s, &cmp, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "compare");
    pl_report_options per = {.scope = "", .region = "64", .period = "kemarin"};
    assert_int_equal(pl_report_build(&r, f->s, &per, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "period");
    assert_null(r);
}

static int on_village(void *ctx, const pl_count_row *r)
{
    long *v = ctx;
    if (r->category == 9 && strcmp(r->region, "64.74.01.1001") == 0)
        v[0] += r->people[0];
    if (r->category == 9 && strcmp(r->region, "64.74.01.1002") == 0)
        v[1] += r->people[0];
    return 0;
}

static void test_village_drilldown(void **state)
{
    fx *f = *state;
    long v[2] = {0, 0};
    pl_count_query q = {.scope = "64.74", .region = "", .level = 4, .dates = {"2023-12-31", NULL}};
    assert_int_equal(pl_store_count_at(f->s, &q, on_village, v, &f->err), 0);
    assert_int_equal(v[0], 1); /* A */
    assert_int_equal(v[1], 1); /* D before the move */
}

static void test_service_compare_and_suppression(void **state)
{
    fx *f = *state;
    pl_date today = {2026, 1, 10};
    pl_report_options o = {
        .scope = "", .region = "64", .period = "2024", .compare = "2023", .today = &today};
    pl_report *r = NULL;
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), 0);
    assert_int_equal(r->n_rows, 2);
    assert_string_equal(r->rows[0].code, "64.72");
    assert_string_equal(r->rows[1].code, "64.74");
    assert_string_equal(r->date, "2024-12-31");
    assert_string_equal(r->compare_date, "2023-12-31");
    const pl_report_region *btg = &r->rows[1];
    assert_int_equal(btg->pmks[0].people[PL_PREV], 5); /* 2 + 1 + 2 */
    assert_int_equal(btg->pmks[0].people[PL_CUR], 3);  /* 1 + 2 */
    assert_int_equal(r->total.pmks[9].people[PL_CUR], 2);
    pl_report_change *ch = NULL;
    size_t n = 0;
    assert_int_equal(pl_report_changes(&ch, &n, r), 0);
    assert_true(n >= 3);
    assert_string_equal(ch[0].region->code, "64.72"); /* +1 disabilitas: the largest rise */
    assert_int_equal(ch[0].diff, 1);
    assert_int_equal(ch[n - 1].diff, -1);
    free(ch);
    int cats[26];
    size_t k = pl_report_region_ranking(cats, btg);
    assert_int_equal(k, 2);
    json_t *j = pl_report_json(r);
    json_t *row = json_array_get(json_object_get(j, "rows"), 1);
    assert_int_equal(json_integer_value(json_object_get(row, "pmks_people")), 3);
    json_decref(j);
    pl_report_free(r);

    o.viewer = true;
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), 0);
    j = pl_report_json(r);
    /* Hidden in the model (service), rendered as null with a flag (io). */
    assert_int_equal(r->rows[1].pmks[0].people[PL_CUR], PL_SUPPRESSED);
    assert_int_equal(r->total.pmks[9].people[PL_CUR], PL_SUPPRESSED);
    row = json_array_get(json_object_get(j, "rows"), 1);
    assert_true(json_is_null(json_object_get(row, "pmks_people")));
    assert_true(json_is_true(json_object_get(row, "hidden")));
    json_t *c9 = json_array_get(json_object_get(row, "categories"), 8);
    assert_int_equal(json_integer_value(json_object_get(c9, "category")), 9);
    assert_true(json_is_null(json_object_get(c9, "people")));
    assert_true(json_is_true(json_object_get(c9, "hidden")));
    assert_true(json_is_null(json_object_get(c9, "change")));
    /* No count 1..4 anywhere in the public view. */
    for (size_t i = 0; i <= r->n_rows; i++) {
        const pl_report_region *g = i < r->n_rows ? &r->rows[i] : &r->total;
        for (int c = 0; c <= 26; c++)
            for (int d = 0; d < 2; d++) {
                assert_false(pl_suppress_is_small(g->pmks[c].people[d]));
                assert_false(pl_suppress_is_small(g->pmks[c].households[d]));
            }
    }
    json_decref(j);
    pl_report_free(r);

    o.period = "2024-13";
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), PL_EINVAL);
    o.period = "2024";
    o.scope = "64.74";
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), PL_EDENIED);
}

/* Counts audit updates that record a re-opening with its reason. */
static int on_audit(void *ctx, const pl_audit_entry *e)
{
    if (strcmp(e->action, "update") == 0 && e->after && strstr(e->after, "koreksi data"))
        (*(int *)ctx)++;
    return 0;
}

static int count_iv(void *ctx, const pl_intervention *x)
{
    (void)x;
    (*(int *)ctx)++;
    return 0;
}

static void test_lock_after_signoff(void **state)
{
    fx *f = *state;
    pl_approval a;
    memset(&a, 0, sizeof a);
    snprintf(a.region, sizeof a.region, "64.74");
    snprintf(a.period, sizeof a.period, "2024");
    snprintf(a.date_from, sizeof a.date_from, "2024-01-01");
    snprintf(a.date_to, sizeof a.date_to, "2024-12-31");
    assert_int_equal(pl_approval_check(a.region, a.date_from, a.date_to, &f->err), 0);
    assert_int_equal(pl_approval_check("64", a.date_from, a.date_to, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "wilayah");
    assert_int_equal(pl_approval_check(a.region, "2024-1-1", a.date_to, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "periode");
    assert_int_equal(pl_store_period_approve(f->s, &tester, "64.7", &a, &f->err), PL_EDENIED);
    snprintf(a.region, sizeof a.region, "64");
    assert_int_equal(pl_store_period_approve(f->s, &tester, "", &a, &f->err), PL_EINVAL);
    snprintf(a.region, sizeof a.region, "64.74");
    assert_int_equal(pl_store_period_approve(f->s, &tester, "64.74", &a, &f->err), 0);
    assert_string_equal(a.approved_by, "tester");
    assert_int_equal(pl_store_period_approve(f->s, &tester, "", &a, &f->err), PL_ECONFLICT);

    /* Inside the locked period of Bontang: refused. */
    assert_int_equal(add_m(f, f->a, 0, 2, "2024-03-01", NULL, NULL), PL_ELOCKED);
    assert_string_equal(f->err.field, "periode");
    assert_non_null(strstr(f->err.message, "disahkan"));
    assert_int_equal(pl_store_membership_end(f->s, &tester, f->m_a9, "2024-06-30", &f->err),
                     PL_ELOCKED);
    assert_int_equal(set_death(f, f->a, "2024-07-01"), PL_ELOCKED);
    /* Outside the period, or another regency: allowed. */
    assert_int_equal(add_m(f, f->a, 0, 2, "2025-01-10", NULL, NULL), 0);
    assert_int_equal(pl_store_membership_end(f->s, &tester, f->m_a9, "2025-02-01", &f->err), 0);
    assert_int_equal(add_m(f, f->d, 0, 13, "2024-04-01", NULL, NULL), 0); /* D lives in 64.72 */
    assert_int_equal(set_death(f, f->a, "2025-03-01"), 0);

    /* The report shows the sign-off. */
    pl_report_options o = {.scope = "", .region = "64", .period = "2024"};
    pl_report *r = NULL;
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), 0);
    assert_int_equal(r->n_approved, 1);
    assert_false(r->rows[0].approved);
    assert_true(r->rows[1].approved);
    pl_report_free(r);

    /* Re-opened (audited): changes go through again. */
    assert_int_equal(pl_approval_reopen_check("", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "alasan");
    assert_int_equal(pl_approval_reopen_check(NULL, &f->err), PL_EINVAL);
    assert_int_equal(
        pl_store_period_reopen(f->s, &tester, "", "64.74", "2024", "koreksi data", &f->err), 0);
    assert_int_equal(pl_store_period_reopen(f->s, &tester, "", "64.74", "2024", "lagi", &f->err),
                     PL_ENOTFOUND);
    assert_int_equal(add_m(f, f->b, 0, 2, "2024-03-01", NULL, NULL), 0);
    int audited = 0;
    assert_int_equal(
        pl_store_audit_list(f->s, "period_approval", a.id, 0, 10, on_audit, &audited, &f->err), 0);
    assert_int_equal(audited, 1);
}

static void test_interventions(void **state)
{
    fx *f = *state;
    pl_rakor k = {.year = 2024};
    snprintf(k.host_region, sizeof k.host_region, "64");
    snprintf(k.held_on, sizeof k.held_on, "2024-03-12");
    snprintf(k.theme, sizeof k.theme, "Penanganan kemiskinan ekstrem");
    assert_int_equal(pl_rakor_check(k.held_on, &f->err), 0);
    assert_int_equal(pl_rakor_check("12-03-2024", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "tanggal");
    assert_int_equal(pl_problem_check("", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "uraian");
    assert_int_equal(pl_store_rakor_add(f->s, &tester, &k, &f->err), 0);
    assert_int_equal(pl_store_rakor_add(f->s, &tester, &k, &f->err), PL_ECONFLICT);
    pl_intervention iv;
    memset(&iv, 0, sizeof iv);
    iv.rakor_id = k.id;
    snprintf(iv.region, sizeof iv.region, "64.74");
    iv.category = 24;
    snprintf(iv.title, sizeof iv.title, "Verifikasi ulang fakir miskin");
    snprintf(iv.level, sizeof iv.level, "kabupaten-kota");
    snprintf(iv.owner, sizeof iv.owner, "Dinsos Kota Bontang");
    snprintf(iv.due_date, sizeof iv.due_date, "2024-09-30");
    iv.has_budget = true;
    iv.budget = 150000000;
    assert_int_equal(pl_store_intervention_add(f->s, &tester, &iv, &f->err), 0);
    assert_string_equal(iv.status, "direncanakan");
    assert_int_equal(iv.rakor_year, 2024);
    pl_intervention bad = iv;
    snprintf(bad.level, sizeof bad.level, "desa");
    assert_int_equal(pl_intervention_check(bad.title, bad.level, bad.status, bad.due_date, &f->err),
                     PL_EINVAL);
    assert_string_equal(f->err.field, "tingkat");
    assert_int_equal(pl_intervention_check("", iv.level, "", "", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "judul");
    assert_int_equal(pl_intervention_check(iv.title, iv.level, "tunda", "", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "status");
    assert_int_equal(pl_intervention_check(iv.title, iv.level, "", "30-09-2024", &f->err),
                     PL_EINVAL);
    assert_string_equal(f->err.field, "tenggat");
    assert_int_equal(pl_intervention_update_check(NULL, "", "catatan", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "tanggal");
    /* The schema refuses it too, whoever writes. */
    assert_int_equal(pl_store_intervention_add(f->s, &tester, &bad, &f->err), PL_EINVAL);
    assert_int_equal(pl_store_intervention_update(f->s, &tester, iv.id, iv.version, "berjalan",
                                                  "2024-06-01", "Tim turun ke 3 kelurahan",
                                                  &f->err),
                     0);
    assert_int_equal(pl_store_intervention_update(f->s, &tester, iv.id, iv.version, "selesai", NULL,
                                                  NULL, &f->err),
                     PL_ECONFLICT);
    assert_int_equal(pl_intervention_update_check("tunda", NULL, NULL, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "status");
    assert_int_equal(
        pl_store_intervention_update(f->s, &tester, iv.id, 0, "tunda", NULL, NULL, &f->err),
        PL_EINVAL);
    pl_intervention got;
    assert_int_equal(pl_store_intervention_get(f->s, &got, iv.id, &f->err), 0);
    assert_string_equal(got.status, "berjalan");
    assert_string_equal(got.last_note, "Tim turun ke 3 kelurahan");
    assert_string_equal(got.last_note_on, "2024-06-01");

    /* Overdue on 2024-10-01; not once it is finished. */
    int n = 0;
    pl_intervention_query q = {.scope = "", .region = "64", .overdue_at = "2024-10-01"};
    assert_int_equal(pl_store_intervention_list(f->s, &q, count_iv, &n, &f->err), 0);
    assert_int_equal(n, 1);
    q.overdue_at = "2024-09-30";
    n = 0;
    assert_int_equal(pl_store_intervention_list(f->s, &q, count_iv, &n, &f->err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(
        pl_store_intervention_update(f->s, &tester, iv.id, 0, "selesai", NULL, NULL, &f->err), 0);
    q.overdue_at = "2024-10-01";
    n = 0;
    assert_int_equal(pl_store_intervention_list(f->s, &q, count_iv, &n, &f->err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(
        pl_store_intervention_update(f->s, &tester, iv.id, 0, "berjalan", NULL, NULL, &f->err), 0);

    /* Last year's interventions appear in the 2025 report. */
    pl_report_options o = {.scope = "", .region = "64", .period = "2025", .compare = "2024"};
    pl_report *r = NULL;
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), 0);
    assert_int_equal(r->n_prev_iv, 1);
    assert_string_equal(r->prev_iv[0].status, "berjalan");
    pl_report_free(r);
}

static void test_indicators(void **state)
{
    fx *f = *state;
    pl_indicator in = {.year = 2024, .value = 6.68};
    snprintf(in.region, sizeof in.region, "64.74");
    snprintf(in.name, sizeof in.name, "persentase_penduduk_miskin");
    snprintf(in.source, sizeof in.source, "BPS");
    bool rep = true;
    assert_int_equal(pl_store_indicator_put(f->s, &tester, "", &in, &rep, &f->err), 0);
    assert_false(rep);
    in.value = 6.5;
    assert_int_equal(pl_store_indicator_put(f->s, &tester, "", &in, &rep, &f->err), 0);
    assert_true(rep);
    snprintf(in.region, sizeof in.region, "64.99");
    assert_int_equal(pl_store_indicator_put(f->s, &tester, "", &in, &rep, &f->err), PL_EINVAL);
    snprintf(in.region, sizeof in.region, "64.72");
    assert_int_equal(pl_store_indicator_put(f->s, &tester, "64.74", &in, &rep, &f->err),
                     PL_EDENIED);
    pl_report_options o = {.scope = "", .region = "64", .period = "2024"};
    pl_report *r = NULL;
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), 0);
    assert_true(r->rows[1].has_ind[PL_IND_POVERTY_RATE][PL_CUR]);
    assert_true(r->rows[1].ind[PL_IND_POVERTY_RATE][PL_CUR] == 6.5);
    assert_false(r->rows[0].has_ind[PL_IND_POVERTY_RATE][PL_CUR]);
    pl_report_free(r);
}

/* Reads one sheet into "r:c1|c2|..." lines. */
static char *read_sheet(const char *path, const char *sheet)
{
    pl_table_reader *t = NULL;
    pl_table_options opt = {.sheet = sheet};
    pl_error err;
    assert_int_equal(pl_table_open(&t, path, &opt, &err), 0);
    char *out = calloc(1, 65536);
    size_t len = 0;
    char **fields;
    size_t n;
    while (pl_table_next(t, &fields, &n, &err) == 1) {
        for (size_t i = 0; i < n; i++)
            len += (size_t)snprintf(out + len, 65536 - len, "%s%s", i ? "|" : "", fields[i]);
        len += (size_t)snprintf(out + len, 65536 - len, "\n");
    }
    pl_table_close(t);
    return out;
}

static void test_xlsx_read_back(void **state)
{
    fx *f = *state;
    pl_report_options o = {
        .scope = "", .region = "64", .period = "2024", .compare = "2023", .districts = true};
    pl_report *r = NULL;
    assert_int_equal(pl_report_build(&r, f->s, &o, &f->err), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/r.xlsx", f->dir);
    assert_int_equal(pl_report_write_xlsx(r, path, &f->err), 0);
    pl_report_free(r);

    char *sum = read_sheet(path, "Ringkasan");
    char *l1 = strtok(sum, "\n");
    assert_string_equal(l1, "Kode|Wilayah|PMKS 2023 (orang)|PMKS 2024 (orang)|Perubahan|"
                            "Perubahan (%)|Kenaikan terbesar|Penurunan terbesar|Status "
                            "pengesahan|PSKS (unit)");
    char *l2 = strtok(NULL, "\n");
    assert_string_equal(l2, "64.72|Kota Samarinda|0|1|1||Penyandang Disabilitas||belum disahkan|0");
    char *l3 = strtok(NULL, "\n");
    assert_string_equal(l3,
                        "64.74|Kota Bontang|5|3|-2|-40||Penyandang Disabilitas|belum disahkan|0");
    char *l4 = strtok(NULL, "\n");
    assert_string_equal(l4, "|JUMLAH|5|4|-1|-20||Lanjut Usia Terlantar|0 dari 2 disahkan|0");
    free(sum);

    char *btg = read_sheet(path, "64.74 Kota Bontang");
    assert_non_null(strstr(btg, "Kode|Kategori PMKS|Orang 2023|Orang 2024|Perubahan|Perubahan "
                                "(%)|Keluarga 2023|Keluarga 2024\n"));
    assert_non_null(strstr(btg, "\n|Jumlah (semua kategori)|5|3|-2|-40|1|1\n"));
    assert_non_null(strstr(btg, "\n8|Lanjut Usia Terlantar|1|0|-1|-100\n"));
    assert_non_null(strstr(btg, "\n9|Penyandang Disabilitas|2|1|-1|-50\n"));
    assert_non_null(strstr(btg, "\n24|Fakir Miskin|2|2|0|0|1|1\n"));
    assert_non_null(strstr(btg, "\n64.74.01|Bontang Utara|3|0|tanpa TKSK|0|0\n"));
    free(btg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counts_at_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_member_death_in_household_category, setup, teardown),
        cmocka_unit_test_setup_teardown(test_village_level_and_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_village_drilldown, setup, teardown),
        cmocka_unit_test_setup_teardown(test_service_compare_and_suppression, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_after_signoff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interventions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_indicators, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_read_back, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_psks_visit.c - the work of PSKS units: the action table
 * (domain/psks_visit.h), the suggestion order, assignment and visit rules
 * with scope (service/psks_visit.h), a category ended citing a visit, the
 * schema's own refusals (raw SQL), and a month's activity counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "domain/psks_visit.h"
#include "service/psks_visit.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/psks.h"
#include "store/region.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const pl_actor tester = {"tester", "test"};
static const pl_date today = {2026, 3, 15};

typedef struct fx {
    char dir[64], path[96];
    pl_store *s;
    pl_error err;
    int64_t person, household;     /* Bontang Kuala, with coordinates, lansia terlantar (8) */
    int64_t far_person;            /* Samarinda */
    int64_t tksk, psm, ended, smd; /* units */
} fx;

static int64_t add_unit(fx *f, int type, const char *name, const char *area, bool coord,
                        const char *until)
{
    pl_psks_unit u = {.type = type, .has_coord = coord, .lat = 0.14, .lon = 117.49};
    snprintf(u.kind, sizeof u.kind, "orang");
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.area_code, sizeof u.area_code, "%s", area);
    snprintf(u.valid_to, sizeof u.valid_to, "%s", until);
    return pl_store_psks_add(f->s, &tester, &u, &f->err) ? 0 : u.id;
}

static int setup(void **state)
{
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
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_pv_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) ||
        pl_store_migrate(f->s, NULL, NULL, &f->err) ||
        pl_store_region_put_many(f->s, tree, 8, &f->err))
        return -1;
    const char *kk[2] = {"6474010101200001", "6472010101200005"};
    const char *village[2] = {"64.74.01.1001", "64.72.01.1001"};
    for (int i = 0; i < 2; i++) {
        pl_household hh = {.has_coord = i == 0, .lat = 0.13, .lon = 117.48};
        snprintf(hh.kk, sizeof hh.kk, "%s", kk[i]);
        snprintf(hh.village_code, sizeof hh.village_code, "%s", village[i]);
        if (pl_store_household_add(f->s, &tester, &hh, &f->err))
            return -1;
        pl_person p = {.household_id = hh.id, .sex = 'P'};
        snprintf(p.nik, sizeof p.nik, "%s", i ? "6472015007500001" : "6474015203500001");
        snprintf(p.name, sizeof p.name, "%s", i ? "Aminah" : "Sumarni");
        snprintf(p.birth_date, sizeof p.birth_date, "1950-03-12");
        if (pl_store_person_add(f->s, &tester, &p, &f->err))
            return -1;
        if (i == 0) {
            f->person = p.id;
            f->household = hh.id;
        } else {
            f->far_person = p.id;
        }
    }
    pl_membership m = {.person_id = f->person, .category = 8};
    snprintf(m.valid_from, sizeof m.valid_from, "2025-01-01");
    if (pl_store_membership_add(f->s, &tester, &m, &f->err))
        return -1;
    f->psm = add_unit(f, 2, "Siti", "64.74.01.1001", false, "");
    f->tksk = add_unit(f, 11, "Budi", "64.74.01", true, "");
    f->ended = add_unit(f, 2, "Lama", "64.74.01.1001", false, "2025-12-31");
    f->smd = add_unit(f, 11, "Yusuf", "64.72.01", false, "");
    if (!f->psm || !f->tksk || !f->ended || !f->smd)
        return -1;
    *state = f;
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

static void test_actions(void **state)
{
    (void)state;
    assert_int_equal(pl_visit_action_find("kunjungan_rumah"), PL_VISIT_HOME);
    assert_int_equal(pl_visit_action_find("Bantuan diserahkan"), PL_VISIT_AID);
    assert_int_equal(pl_visit_action_find("RUJUKAN"), PL_VISIT_REFERRAL);
    assert_int_equal(pl_visit_action_find("menari"), -1);
    assert_int_equal(pl_visit_action_find(NULL), -1);
    assert_null(pl_visit_action_slug(PL_VISIT_ACTION__MAX));
    assert_string_equal(pl_visit_action_label(PL_VISIT_COUNSEL), "Konseling");
    assert_true(pl_assignment_status_known("selesai"));
    assert_false(pl_assignment_status_known("Selesai"));
}

static void test_suggest_and_scope(void **state)
{
    fx *f = *state;
    pl_psks_suggestion g[PL_PSKS_SUGGEST_MAX];
    size_t n;
    /* The TKSK at a known distance first, the PSM of her village next; the ended one never. */
    assert_int_equal(pl_psks_suggest(g, &n, f->s, "", f->person, 0, &today, &f->err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(g[0].unit.id, f->tksk);
    assert_true(g[0].distance_m > 1500 && g[0].distance_m < 1650);
    assert_int_equal(g[1].unit.id, f->psm);
    assert_int_equal(g[1].tier, 0);
    assert_true(g[1].distance_m < 0);
    /* Another regency's operator: the person does not exist for it. */
    assert_int_equal(pl_psks_suggest(g, &n, f->s, "64.72", f->person, 0, &today, &f->err),
                     PL_ENOTFOUND);
    assert_string_equal(f->err.field, "person_id");
    pl_psks_assignment a;
    pl_psks_assign_in in = {.psks_id = f->smd, .person_id = f->person};
    assert_int_equal(pl_psks_assign(&a, f->s, &tester, "64.74", &in, &today, &f->err),
                     PL_ENOTFOUND);
    assert_string_equal(f->err.field, "psks_id");
    in.psks_id = f->ended;
    assert_int_equal(pl_psks_assign(&a, f->s, &tester, "64.74", &in, &today, &f->err), PL_EINVAL);
    in.psks_id = 0;
    assert_int_equal(pl_psks_assign(&a, f->s, &tester, "64.74", &in, &today, &f->err), 0);
    assert_int_equal(a.psks_id, f->tksk);
    assert_true(a.suggested);
    assert_string_equal(a.region_code, "64.74.01.1001");
    pl_psks_assignment got;
    assert_int_equal(pl_psks_assignment_load(&got, f->s, "64.72", a.id, &f->err), PL_ENOTFOUND);
    assert_int_equal(pl_psks_assignment_load(&got, f->s, "64.74.01", a.id, &f->err), 0);
}

static int count(void *ctx, const pl_psks_assignment *x)
{
    (void)x;
    (*(long *)ctx)++;
    return 0;
}

static int keep(void *ctx, const pl_membership *x)
{
    void **c = ctx;
    int *n = c[1];
    if (*n < 2)
        ((pl_membership *)c[0])[(*n)++] = *x;
    return 0;
}

static void test_visit_ends_category(void **state)
{
    fx *f = *state;
    pl_psks_assignment a;
    pl_psks_assign_in in = {.psks_id = f->psm, .person_id = f->person, .due_date = "2026-01-31"};
    assert_int_equal(pl_psks_assign(&a, f->s, &tester, "", &in, &today, &f->err), 0);
    pl_psks_visit v = {.assignment_id = a.id};
    snprintf(v.action, sizeof v.action, "Kunjungan rumah");
    snprintf(v.visit_date, sizeof v.visit_date, "2026-03-16");
    assert_int_equal(pl_psks_visit_log(&v, f->s, &tester, "", NULL, 0, &today, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "date");
    /* Overdue: active, due before today, never visited. */
    long overdue = 0;
    pl_psks_assignment_filter filt = {.overdue_on = "2026-03-15"};
    assert_int_equal(pl_store_psks_assignment_list(f->s, &filt, count, &overdue, &f->err), 0);
    assert_int_equal(overdue, 1);
    snprintf(v.visit_date, sizeof v.visit_date, "2026-03-02");
    int ends[1] = {8};
    assert_int_equal(pl_psks_visit_log(&v, f->s, &tester, "", ends, 1, &today, &f->err), 0);
    assert_string_equal(v.action, "kunjungan_rumah");
    assert_string_equal(v.region_code, "64.74.01.1001");
    assert_int_equal(v.psks_id, f->psm);
    pl_membership m[2];
    int nm = 0;
    void *ctx[2] = {m, &nm};
    assert_int_equal(pl_store_membership_list(f->s, f->person, 0, keep, ctx, &f->err), 0);
    assert_int_equal(nm, 1);
    assert_string_equal(m[0].valid_to, "2026-03-02");
    assert_int_equal(m[0].ended_by_visit, v.id);
    overdue = 0;
    assert_int_equal(pl_store_psks_assignment_list(f->s, &filt, count, &overdue, &f->err), 0);
    assert_int_equal(overdue, 0);
    /* The month's activity: one visit, one person, category 8 held that day. */
    pl_psks_activity *act = NULL;
    assert_int_equal(pl_psks_activity_unit(&act, f->s, "", f->psm, "2026-03", &f->err), 0);
    assert_int_equal(act->visits, 1);
    assert_int_equal(act->subjects, 1);
    assert_int_equal(act->by_action[PL_VISIT_HOME], 1);
    assert_int_equal(act->by_category[8], 1);
    assert_string_equal(act->last_day, "2026-03-31");
    assert_string_equal(act->places[0].name, "Bontang Kuala");
    pl_psks_activity_free(act);
    assert_int_equal(pl_psks_activity_unit(&act, f->s, "", f->psm, "2026-13", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "month");
    assert_int_equal(pl_psks_activity_unit(&act, f->s, "64.72", f->psm, "2026-03", &f->err),
                     PL_ENOTFOUND);
}

/* The schema refuses what the service would: raw SQL on the store's connection. */
static void test_schema_refuses(void **state)
{
    fx *f = *state;
    pl_sq_set_actor(pl_sq_of(f->s), &tester);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO psks_visit(psks_id, region_code, visit_date, action, created_at, "
             "created_by) VALUES(%lld, '64.74.01', '2026-03-01', 'menari', 'x', 'x')",
             (long long)f->tksk);
    assert_int_not_equal(sqlite3_exec(pl_sq_of(f->s)->db, sql, NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql,
             "INSERT INTO psks_assignment(psks_id, person_id, household_id, region_code, "
             "created_at, created_by) VALUES(%lld, %lld, %lld, '64.74.01.1001', 'x', 'x')",
             (long long)f->tksk, (long long)f->person, (long long)f->household);
    assert_int_not_equal(sqlite3_exec(pl_sq_of(f->s)->db, sql, NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql,
             "INSERT INTO psks_visit_photo(visit_id, mime, size, sha256, data, created_at, "
             "created_by) VALUES(999, 'image/gif', 1, 'x', x'00', 'x', 'x')");
    assert_int_not_equal(sqlite3_exec(pl_sq_of(f->s)->db, sql, NULL, NULL, NULL), SQLITE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actions),
        cmocka_unit_test_setup_teardown(test_suggest_and_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_visit_ends_category, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema_refuses, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

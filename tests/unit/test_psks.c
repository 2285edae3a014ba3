/*
 * test_psks.c - the PSKS registry's store and service pieces (issue 20):
 * served areas in listings and scope checks, the legal basis, history
 * records with optimistic versions, meetings with their follow-up and the
 * overdue list, and the export that imports back unchanged. Each test opens
 * a fresh file in its own temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "service/psks.h"
#include "service/psks_meeting.h"
#include "store/psks.h"
#include "store/region.h"
#include "store/sqlite/internal.h"
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
} fx;

static const pl_actor tester = {"tester", "test-client"};

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

static int open_in(fx *f, const char *name)
{
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
    if (pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) != 0 ||
        pl_store_migrate(f->s, NULL, NULL, &f->err) != 0)
        return -1;
    return pl_store_region_put_many(f->s, tree, sizeof tree / sizeof tree[0], &f->err);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_psks_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    *state = f;
    return open_in(f, "t.db");
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->s);
    pl_test_rmtree(f->dir);
    free(f);
    return 0;
}

/* Registers a unit of type (code or slug) named name at home serving list; returns its id. */
static int64_t add(fx *f, const char *scope, const char *type, const char *name, const char *home,
                   const char *list, int want)
{
    pl_psks_unit u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.area_code, sizeof u.area_code, "%s", home);
    if (list)
        assert_int_equal(pl_psks_areas_parse(&u, list, &f->err), 0);
    assert_int_equal(pl_psks_register(f->s, &tester, scope, type, NULL, &u, &f->err), want);
    return u.id;
}

static int count_unit(void *ctx, const pl_psks_unit *u)
{
    (void)u;
    ++*(int *)ctx;
    return 0;
}

static int listed(fx *f, const char *region)
{
    int n = 0;
    assert_int_equal(pl_store_psks_list(f->s, region, 0, count_unit, &n, &f->err), 0);
    return n;
}

static long long scalar(fx *f, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void test_served_areas(void **state)
{
    fx *f = *state;
    /* Home in Samarinda, serving a Bontang village: Bontang's and Samarinda's. */
    int64_t a = add(f, "", "tksk", "Rahmat Hidayat", "64.72.01", "6474011001, 64.74.01.1001", 0);
    add(f, "", "tksk", "Sulaiman Effendi", "64.72.01", NULL, 0);
    assert_int_equal(listed(f, "64.74"), 1);
    assert_int_equal(listed(f, "64.74.01.1001"), 1);
    assert_int_equal(listed(f, "64.74.01.1002"), 0);
    assert_int_equal(listed(f, "64.72"), 2);
    assert_int_equal(listed(f, ""), 2);
    pl_psks_unit u;
    assert_int_equal(pl_store_psks_get(f->s, &u, a, &f->err), 0);
    assert_int_equal(u.n_areas, 1); /* the duplicate spelling is dropped */
    assert_string_equal(u.areas[0], "64.74.01.1001");

    /* Served areas are districts or villages, known, inside the scope of a new unit. */
    pl_psks_unit v;
    memset(&v, 0, sizeof v);
    assert_int_equal(pl_psks_areas_parse(&v, "64.74", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "areas");
    assert_int_equal(pl_psks_areas_parse(&v, "64.74.01.x", &f->err), PL_EINVAL);
    add(f, "", "tksk", "Budi Santoso", "64.74.01", "64.74.01.1003", PL_EINVAL);
    add(f, "64.74", "tksk", "Budi Santoso", "64.74.01", "64.72.01.1001", PL_EDENIED);
    assert_string_equal(f->err.field, "areas");

    /* Replacing the set writes only the change to the audit. */
    pl_psks_change chg = {.version = 1, .areas = "64.74.01.1001 64.74.01.1002"};
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "", a, &chg, &f->err), 0);
    assert_int_equal(u.n_areas, 2);
    assert_int_equal(u.version, 2);
    assert_int_equal(scalar(f, "SELECT count(*) FROM audit WHERE entity = 'psks_served'"), 2);
    chg.version = 1; /* stale */
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "", a, &chg, &f->err), PL_ECONFLICT);
}

static void test_scope_rules(void **state)
{
    fx *f = *state;
    int64_t a = add(f, "", "tksk", "Rahmat Hidayat", "64.72.01", "64.74.01.1001", 0);
    int64_t b = add(f, "", "tksk", "Sulaiman Effendi", "64.72.01", "64.72.01.1001", 0);
    pl_psks_unit u;
    assert_int_equal(pl_psks_get_scoped(&u, f->s, "64.74", a, &f->err), 0);
    assert_int_equal(pl_psks_get_scoped(&u, f->s, "64.74", b, &f->err), PL_ENOTFOUND);
    char hidden[sizeof f->err.message];
    snprintf(hidden, sizeof hidden, "%s", f->err.message);
    assert_int_equal(pl_psks_get_scoped(&u, f->s, "64.74", 999, &f->err), PL_ENOTFOUND);
    assert_null(strstr(hidden, "Samarinda"));

    /* Bontang edits the contact of a unit serving its village ... */
    pl_psks_change chg = {.version = 1, .phone = "0812"};
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "64.74", a, &chg, &f->err), 0);
    /* ... but cannot move its Samarinda home, add a Samarinda area or drop one. */
    pl_psks_change move = {.version = 2, .region = "64.74.01"};
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "64.74", a, &move, &f->err), PL_EDENIED);
    assert_string_equal(f->err.field, "region");
    pl_psks_change grow = {.version = 2, .areas = "64.74.01.1001,64.72.01.1001"};
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "64.74", a, &grow, &f->err), PL_EDENIED);
    assert_string_equal(f->err.field, "areas");
    pl_psks_change both = {.version = 1, .areas = "64.74.01.1001,64.72.01.1001"};
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "", b, &both, &f->err), 0);
    pl_psks_change drop = {.version = 2, .areas = "64.74.01.1001"};
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "64.74", b, &drop, &f->err), PL_EDENIED);
    /* Entirely outside: not found, whatever the change. */
    pl_psks_change other = {.version = 1, .phone = "1"};
    int64_t c = add(f, "", "tksk", "Agus Salim", "64.72.01", NULL, 0);
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "64.74", c, &other, &f->err), PL_ENOTFOUND);
}

static void test_legal_basis(void **state)
{
    fx *f = *state;
    pl_psks_unit u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "LKS Harapan");
    snprintf(u.area_code, sizeof u.area_code, "64.74.01");
    snprintf(u.decree_no, sizeof u.decree_no, "SK-1");
    snprintf(u.decree_date, sizeof u.decree_date, "1/2/2020");
    snprintf(u.accreditation, sizeof u.accreditation, "b");
    snprintf(u.accreditation_date, sizeof u.accreditation_date, "04/03/2021");
    assert_int_equal(pl_psks_register(f->s, &tester, "", "lks", NULL, &u, &f->err), 0);
    pl_psks_unit got;
    assert_int_equal(pl_store_psks_get(f->s, &got, u.id, &f->err), 0);
    assert_string_equal(got.decree_date, "2020-02-01");
    assert_string_equal(got.accreditation, "B");
    assert_string_equal(got.accreditation_date, "2021-03-04");
    assert_int_equal(scalar(f, "SELECT count(*) FROM audit WHERE entity = 'psks_unit' AND "
                               "after LIKE '%\"decree_no\":\"SK-1\"%'"),
                     1);
    pl_psks_change bad = {.version = 1, .accreditation = "D"};
    assert_int_equal(pl_psks_update(&got, f->s, &tester, "", u.id, &bad, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "accreditation");
    pl_psks_change date = {.version = 1, .decree_date = "31/02/2020"};
    assert_int_equal(pl_psks_update(&got, f->s, &tester, "", u.id, &date, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "decree_date");
    /* A person has no legal basis. */
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "Budi Santoso");
    snprintf(u.area_code, sizeof u.area_code, "64.74.01");
    snprintf(u.reg_no, sizeof u.reg_no, "R-1");
    assert_int_equal(pl_psks_register(f->s, &tester, "", "tksk", NULL, &u, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "reg_no");
}

static void test_records(void **state)
{
    fx *f = *state;
    int64_t a = add(f, "", "tksk", "Rahmat Hidayat", "64.72.01", "64.74.01.1001", 0);
    int64_t b = add(f, "", "tksk", "Sulaiman Effendi", "64.72.01", NULL, 0);
    pl_psks_record r = {.unit_id = a};
    snprintf(r.kind, sizeof r.kind, PL_PSKS_REC_PAY);
    snprintf(r.started_on, sizeof r.started_on, "01/01/2025");
    snprintf(r.ended_on, sizeof r.ended_on, "31/03/2025");
    r.amount = 1500000;
    snprintf(r.source, sizeof r.source, "csr");
    assert_int_equal(pl_psks_record_save(&r, f->s, &tester, "64.74", &f->err), 0);
    pl_psks_record got;
    assert_int_equal(pl_store_psks_record_get(f->s, &got, r.id, &f->err), 0);
    assert_string_equal(got.source, "CSR");
    assert_string_equal(got.title, "honorarium");
    assert_string_equal(got.started_on, "2025-01-01");
    assert_int_equal(got.amount, 1500000);
    /* A change with the version read before; again with it is stale. */
    got.amount = 1750000;
    assert_int_equal(pl_psks_record_save(&got, f->s, &tester, "64.74", &f->err), 0);
    assert_int_equal(got.version, 2);
    got.version = 1;
    assert_int_equal(pl_psks_record_save(&got, f->s, &tester, "64.74", &f->err), PL_ECONFLICT);
    /* Rules per kind. */
    pl_psks_record t = {.unit_id = a};
    snprintf(t.kind, sizeof t.kind, PL_PSKS_REC_TRAINING);
    snprintf(t.started_on, sizeof t.started_on, "2025-02-01");
    assert_int_equal(pl_psks_record_save(&t, f->s, &tester, "", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "title");
    snprintf(t.title, sizeof t.title, "Diklat");
    snprintf(t.ended_on, sizeof t.ended_on, "2025-01-01");
    assert_int_equal(pl_psks_record_save(&t, f->s, &tester, "", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "ended_on");
    pl_psks_record p = {.unit_id = a, .amount = 5};
    snprintf(p.kind, sizeof p.kind, PL_PSKS_REC_PAY);
    snprintf(p.started_on, sizeof p.started_on, "2025-02-01");
    snprintf(p.source, sizeof p.source, "hibah");
    assert_int_equal(pl_psks_record_save(&p, f->s, &tester, "", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "source");
    /* A unit outside the scope: not found. */
    pl_psks_record h = {.unit_id = b};
    snprintf(h.kind, sizeof h.kind, PL_PSKS_REC_PERIOD);
    snprintf(h.started_on, sizeof h.started_on, "2025-02-01");
    assert_int_equal(pl_psks_record_save(&h, f->s, &tester, "64.74", &f->err), PL_ENOTFOUND);
    assert_int_equal(pl_psks_record_save(&h, f->s, &tester, "", &f->err), 0);
    assert_int_equal(scalar(f, "SELECT count(*) FROM audit WHERE entity = 'psks_record'"), 3);
}

static int keep_item(void *ctx, const pl_psks_item *i)
{
    pl_psks_item *out = ctx;
    out[0].version++; /* the count */
    out[1] = *i;
    return 0;
}

static void test_meetings(void **state)
{
    fx *f = *state;
    pl_psks_meeting m = {0};
    snprintf(m.held_on, sizeof m.held_on, "25/11/2025");
    snprintf(m.place, sizeof m.place, "Aula");
    snprintf(m.theme, sizeof m.theme, "Hari Pekerja Sosial");
    snprintf(m.region, sizeof m.region, "64.72");
    assert_int_equal(pl_psks_meeting_save(&m, f->s, &tester, "64.74", &f->err), PL_EDENIED);
    snprintf(m.region, sizeof m.region, "6474");
    assert_int_equal(pl_psks_meeting_save(&m, f->s, &tester, "64.74", &f->err), 0);
    assert_string_equal(m.held_on, "2025-11-25");
    assert_string_equal(m.region, "64.74");
    pl_psks_meeting other;
    assert_int_equal(pl_psks_meeting_get(&other, f->s, "64.72", m.id, &f->err), PL_ENOTFOUND);

    pl_psks_item p = {.meeting_id = m.id};
    snprintf(p.kind, sizeof p.kind, PL_PSKS_ITEM_PROBLEM);
    snprintf(p.text, sizeof p.text, "Honor terlambat");
    snprintf(p.owner, sizeof p.owner, "Dinsos");
    assert_int_equal(pl_psks_item_add(&p, f->s, &tester, "64.74", &f->err), PL_EINVAL);
    p.owner[0] = '\0';
    assert_int_equal(pl_psks_item_add(&p, f->s, &tester, "64.74", &f->err), 0);
    pl_psks_item r = {.meeting_id = m.id};
    snprintf(r.kind, sizeof r.kind, PL_PSKS_ITEM_RECOMMENDATION);
    snprintf(r.text, sizeof r.text, "Bayar honor");
    assert_int_equal(pl_psks_item_add(&r, f->s, &tester, "64.74", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "owner");
    snprintf(r.owner, sizeof r.owner, "Dinsos");
    snprintf(r.due_on, sizeof r.due_on, "15/01/2026");
    assert_int_equal(pl_psks_item_add(&r, f->s, &tester, "64.74", &f->err), 0);
    assert_string_equal(r.status, PL_PSKS_ITEM_OPEN);

    pl_psks_item seen[2];
    memset(seen, 0, sizeof seen);
    assert_int_equal(
        pl_psks_followups(f->s, "64.74", "", true, "2026-01-15", keep_item, seen, &f->err), 0);
    assert_int_equal(seen[0].version, 0); /* due that day: not yet overdue */
    assert_int_equal(
        pl_psks_followups(f->s, "64.74", "", true, "2026-01-16", keep_item, seen, &f->err), 0);
    assert_int_equal(seen[0].version, 1);
    assert_int_equal(seen[1].id, r.id);
    memset(seen, 0, sizeof seen);
    assert_int_equal(
        pl_psks_followups(f->s, "64.72", "", true, "2026-02-01", keep_item, seen, &f->err), 0);
    assert_int_equal(seen[0].version, 0);
    assert_int_equal(
        pl_psks_followups(f->s, "64.72", "64.74", false, NULL, keep_item, seen, &f->err),
        PL_EDENIED);

    pl_psks_item out;
    pl_psks_item_change done = {.version = 1, .status = PL_PSKS_ITEM_DONE};
    assert_int_equal(
        pl_psks_item_update(&out, f->s, &tester, "64.74", r.id, &done, "2026-01-20", &f->err),
        PL_EINVAL);
    assert_string_equal(f->err.field, "note");
    done.note = "Dibayar";
    assert_int_equal(
        pl_psks_item_update(&out, f->s, &tester, "64.72", r.id, &done, "2026-01-20", &f->err),
        PL_ENOTFOUND);
    assert_int_equal(
        pl_psks_item_update(&out, f->s, &tester, "64.74", r.id, &done, "2026-01-20", &f->err), 0);
    assert_string_equal(out.done_on, "2026-01-20");
    assert_int_equal(out.version, 2);
    assert_int_equal(
        pl_psks_item_update(&out, f->s, &tester, "64.74", r.id, &done, "2026-01-21", &f->err),
        PL_ECONFLICT);
    memset(seen, 0, sizeof seen);
    assert_int_equal(pl_psks_followups(f->s, "", "", false, NULL, keep_item, seen, &f->err), 0);
    assert_int_equal(seen[0].version, 0);
    pl_psks_item_change reopen = {.version = 2, .status = PL_PSKS_ITEM_OPEN};
    assert_int_equal(pl_psks_item_update(&out, f->s, &tester, "", r.id, &reopen, NULL, &f->err), 0);
    assert_string_equal(out.done_on, "");

    pl_psks_party party = {.meeting_id = m.id};
    assert_int_equal(pl_psks_party_add(&party, f->s, &tester, "64.74", &f->err), PL_EINVAL);
    int64_t hidden = add(f, "", "tksk", "Sulaiman Effendi", "64.72.01", NULL, 0);
    party.unit_id = hidden;
    assert_int_equal(pl_psks_party_add(&party, f->s, &tester, "64.74", &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "unit_id");
    party.unit_id = 0;
    snprintf(party.name, sizeof party.name, "Forum CSR");
    assert_int_equal(pl_psks_party_add(&party, f->s, &tester, "64.74", &f->err), 0);
    assert_int_equal(scalar(f, "SELECT count(*) FROM audit WHERE entity = 'psks_meeting_item' "
                               "AND action = 'update'"),
                     2);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return strdup(buf);
}

static void test_export_round_trip(void **state)
{
    fx *f = *state;
    int64_t a = add(f, "", "tksk", "Rahmat Hidayat", "64.72.01", "64.74.01.1001 64.74.01.1002", 0);
    pl_psks_change chg = {.version = 1, .email = "=cmd|x", .valid_to = "2030-01-01"};
    pl_psks_unit u;
    assert_int_equal(pl_psks_update(&u, f->s, &tester, "", a, &chg, &f->err), 0);
    pl_psks_unit l;
    memset(&l, 0, sizeof l);
    snprintf(l.name, sizeof l.name, "LKS Harapan");
    snprintf(l.area_code, sizeof l.area_code, "64.74.01");
    snprintf(l.decree_no, sizeof l.decree_no, "SK-1");
    snprintf(l.decree_date, sizeof l.decree_date, "2020-02-01");
    snprintf(l.accreditation, sizeof l.accreditation, "belum");
    l.has_coord = true;
    l.lat = 0.1333;
    l.lon = 117.5;
    assert_int_equal(pl_psks_register(f->s, &tester, "", "lks", NULL, &l, &f->err), 0);

    char one[128], two[128];
    snprintf(one, sizeof one, "%s/one.csv", f->dir);
    snprintf(two, sizeof two, "%s/two.csv", f->dir);
    long rows = 0;
    pl_psks_export_options opt = {.scope = "64.74", .out_path = one};
    assert_int_equal(pl_psks_export(f->s, &tester, &opt, &rows, &f->err), 0);
    assert_int_equal(rows, 2);
    opt.region = "64.72.01";
    assert_int_equal(pl_psks_export(f->s, &tester, &opt, &rows, &f->err), PL_EDENIED);

    pl_store_close(f->s);
    f->s = NULL;
    assert_int_equal(open_in(f, "b.db"), 0);
    pl_psks_import_result res;
    assert_int_equal(pl_psks_import(&res, f->s, &tester, "", one, false, NULL, NULL, &f->err), 0);
    assert_int_equal(res.stored, 2);
    assert_int_equal(res.rejected, 0);
    pl_psks_export_options again = {.scope = "", .out_path = two};
    assert_int_equal(pl_psks_export(f->s, &tester, &again, &rows, &f->err), 0);
    char *x = slurp(one), *y = slurp(two);
    assert_string_equal(x, y);
    assert_non_null(strstr(x, "\"'=cmd|x\"")); /* the formula guard, undone on import */
    assert_non_null(strstr(x, "\"64.74.01.1001, 64.74.01.1002\""));
    free(x);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_served_areas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_legal_basis, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meetings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_round_trip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

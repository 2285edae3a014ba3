/*
 * test_disburse.c - the rules the data base enforces on disbursement
 * batches, checked with raw SQL on a store connection (triggers, not just
 * the store functions, must refuse): a beneficiary once per batch, an
 * approved batch frozen, status moves only forward, payment statuses only
 * after export and only along pending -> paid|failed|returned, paid ->
 * returned. Also the store path: batch creation skips flagged people.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "store/disburse.h"
#include "store/enrolment.h"
#include "store/household.h"
#include "store/integrity.h"
#include "store/person.h"
#include "store/program.h"
#include "store/region.h"
#include "store/sqlite/internal.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const pl_actor tester = {"tester", "test"};

typedef struct fx {
    char dir[64], path[96];
    pl_store *s;
    pl_error err;
    pl_program p;
    int64_t people[2];
} fx;

static int setup(void **state)
{
    static const pl_region tree[] = {
        {"64", "", 1, "Kalimantan Timur"},
        {"64.74", "64", 2, "Kota Bontang"},
        {"64.74.01", "64.74", 3, "Bontang Utara"},
        {"64.74.01.1001", "64.74.01", 4, "Bontang Kuala"},
    };
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_disb_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) ||
        pl_store_migrate(f->s, NULL, NULL, &f->err) ||
        pl_store_region_put_many(f->s, tree, 4, &f->err))
        return -1;
    pl_household hh = {.kk = "6474010101200001", .village_code = "64.74.01.1001"};
    if (pl_store_household_add(f->s, &tester, &hh, &f->err))
        return -1;
    const char *nik[2] = {"6474010512800001", "6474014506850001"};
    const char *name[2] = {"Hermawan", "Rina"};
    for (int i = 0; i < 2; i++) {
        pl_person p = {.household_id = hh.id, .sex = i ? 'P' : 'L'};
        snprintf(p.nik, sizeof p.nik, "%s", nik[i]);
        snprintf(p.name, sizeof p.name, "%s", name[i]);
        snprintf(p.birth_date, sizeof p.birth_date, "%s", i ? "1985-06-05" : "1980-12-05");
        if (pl_store_person_add(f->s, &tester, &p, &f->err))
            return -1;
        f->people[i] = p.id;
    }
    memset(&f->p, 0, sizeof f->p);
    snprintf(f->p.code, sizeof f->p.code, "BLT");
    snprintf(f->p.name, sizeof f->p.name, "Bantuan Langsung Tunai");
    f->p.level = PL_PROGRAM_PUSAT;
    f->p.amount = 600000;
    f->p.frequency = PL_FREQ_SEKALI;
    f->p.rule.age_min = f->p.rule.age_max = -1;
    if (pl_store_program_add(f->s, &tester, &f->p, &f->err))
        return -1;
    for (int i = 0; i < 2; i++)
        if (pl_store_enrolment_add(f->s, &tester, f->p.id, f->people[i], 0, "2026-Q1", "uji",
                                   "2026-01-01", NULL, &f->err))
            return -1;
    if (pl_store_account_add(f->s, &tester, hh.id, 0, "111", "BRI", "", &f->err))
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

/* Runs raw SQL on the store's connection; returns the SQLite result code. */
static int raw(fx *f, const char *sql)
{
    pl_sq_set_actor(pl_sq_of(f->s), &tester);
    return sqlite3_exec(pl_sq_of(f->s)->db, sql, NULL, NULL, NULL);
}

static void test_batch_rules(void **state)
{
    fx *f = *state;
    pl_batch b;
    long skipped_f, skipped_a;
    assert_int_equal(pl_store_batch_create(f->s, &tester, &f->p, "2026-Q1", 600000, &b, &skipped_f,
                                           &skipped_a, &f->err),
                     0);
    assert_int_equal(b.items, 2);
    assert_int_equal(b.total, 1200000);
    assert_string_equal(b.status, "draft");
    char sql[512];
    /* A beneficiary never twice in one batch. */
    snprintf(sql, sizeof sql,
             "INSERT INTO batch_item(batch_id, beneficiary, person_id, name, village_code, "
             "amount, account, reference) VALUES(%lld, 'P%lld', %lld, 'x', '64.74.01.1001', 1, "
             "'111', 'dup-ref')",
             (long long)b.id, (long long)f->people[0], (long long)f->people[0]);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    /* A draft can still change. */
    snprintf(sql, sizeof sql, "UPDATE batch_item SET amount = 500000 WHERE batch_id = %lld",
             (long long)b.id);
    assert_int_equal(raw(f, sql), SQLITE_OK);
    /* No payment status before export. */
    snprintf(sql, sizeof sql, "UPDATE batch_item SET status = 'paid' WHERE batch_id = %lld",
             (long long)b.id);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);

    assert_int_equal(pl_store_batch_set_status(f->s, &tester, b.id, "approved", &f->err), 0);
    assert_int_equal(pl_store_batch_set_status(f->s, &tester, b.id, "approved", &f->err),
                     PL_ECONFLICT);
    /* Approved: frozen. */
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    snprintf(sql, sizeof sql, "UPDATE batch_item SET amount = 1 WHERE batch_id = %lld",
             (long long)b.id);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    assert_non_null(strstr(sqlite3_errmsg(pl_sq_of(f->s)->db), "tidak dapat diubah"));
    snprintf(sql, sizeof sql, "UPDATE batch_item SET account = '999' WHERE batch_id = %lld",
             (long long)b.id);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    snprintf(sql, sizeof sql, "DELETE FROM batch_item WHERE batch_id = %lld", (long long)b.id);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    snprintf(sql, sizeof sql,
             "INSERT INTO batch_item(batch_id, beneficiary, name, village_code, amount, account, "
             "reference) VALUES(%lld, 'P999', 'x', '64.74.01.1001', 1, '1', 'new-ref')",
             (long long)b.id);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    snprintf(sql, sizeof sql, "UPDATE disbursement_batch SET total = 1 WHERE id = %lld",
             (long long)b.id);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    snprintf(sql, sizeof sql, "DELETE FROM disbursement_batch WHERE id = %lld", (long long)b.id);
    assert_int_equal(raw(f, sql) & 0xff, SQLITE_CONSTRAINT);
    /* Only forward. */
    assert_int_equal(pl_store_batch_set_status(f->s, &tester, b.id, "draft", &f->err),
                     PL_ECONFLICT);
    assert_int_equal(pl_store_batch_set_status(f->s, &tester, b.id, "reconciled", &f->err),
                     PL_ECONFLICT);
    assert_int_equal(pl_store_batch_set_status(f->s, &tester, b.id, "exported", &f->err), 0);

    /* After export: pending -> paid -> returned; paid -> failed refused. */
    char ref[2][40];
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st;
        snprintf(sql, sizeof sql,
                 "SELECT reference FROM batch_item WHERE batch_id = %lld AND person_id = %lld",
                 (long long)b.id, (long long)f->people[i]);
        assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db, sql, -1, &st, NULL), SQLITE_OK);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        snprintf(ref[i], sizeof ref[i], "%s", sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    assert_int_equal(pl_store_batch_item_status(f->s, &tester, b.id, ref[0], "paid", "", &f->err),
                     0);
    assert_int_equal(pl_store_batch_item_status(f->s, &tester, b.id, ref[0], "failed", "", &f->err),
                     PL_ECONFLICT);
    assert_int_equal(
        pl_store_batch_item_status(f->s, &tester, b.id, ref[0], "returned", "tutup", &f->err), 0);
    assert_int_equal(pl_store_batch_item_status(f->s, &tester, b.id, "nope", "paid", "", &f->err),
                     PL_ENOTFOUND);
    assert_int_equal(pl_store_batch_item_status(f->s, &tester, b.id, ref[1], "failed", "", &f->err),
                     0);
    /* Every status change audited with before and after. */
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db,
                                        "SELECT count(*) FROM audit WHERE entity = 'batch_item' "
                                        "AND action = 'update' AND json_extract(before, "
                                        "'$.status') <> json_extract(after, '$.status')",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 3);
    sqlite3_finalize(st);
}

static int count_findings(void *ctx, const pl_finding *fd)
{
    (*(int *)ctx)++;
    assert_string_equal(fd->rule, "unverified");
    return 0;
}

static void test_findings_skip(void **state)
{
    fx *f = *state;
    /* Rina is verified; Hermawan is not and is left out of the batch. */
    assert_int_equal(
        pl_store_person_set_state(f->s, &tester, f->people[1], PL_STATE_VERIFIED, "", &f->err), 0);
    int n = 0;
    long count = 0;
    assert_int_equal(
        pl_store_program_check(f->s, &f->p, "2026-Q1", 0.8, count_findings, &n, &count, &f->err),
        0);
    assert_int_equal(n, 1);
    assert_int_equal(count, 1);
    pl_batch b;
    long skipped_f, skipped_a;
    assert_int_equal(pl_store_batch_create(f->s, &tester, &f->p, "2026-Q1", 600000, &b, &skipped_f,
                                           &skipped_a, &f->err),
                     0);
    assert_int_equal(b.items, 1);
    assert_int_equal(skipped_f, 1);
    assert_int_equal(skipped_a, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_batch_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_findings_skip, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

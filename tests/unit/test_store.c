/*
 * test_store.c - the SQLite store end to end: migrations (from empty, from
 * the previous version, newer files refused), regions, households, people,
 * memberships, PSKS, the audit, search, summaries and bulk upserts. Each
 * test opens a fresh file in its own temporary directory.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"

#include "store/audit.h"
#include "store/bulk.h"
#include "store/household.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/psks.h"
#include "store/region.h"
#include "store/sqlite/internal.h"
#include "service/audit.h"
#include "store/shared.h"
#include "store/store.h"
#include "store/summary.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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
    {"64.72.01.1002", "64.72.01", 4, "Simpang 100%_Jaya"},
};
#define N_TREE (sizeof tree / sizeof tree[0])

static void remove_files(fx *f)
{
    pl_test_rmtree(f->dir);
}

/* A fresh, empty (unmigrated) store. */
static int setup_empty(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/pl_store_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    if (pl_store_open(&f->s, f->path, PL_STORE_CREATE, &f->err) != 0)
        return -1;
    *state = f;
    return 0;
}

/* A migrated store with the small region tree. */
static int setup(void **state)
{
    if (setup_empty(state))
        return -1;
    fx *f = *state;
    if (pl_store_migrate(f->s, NULL, NULL, &f->err) != 0)
        return -1;
    if (pl_store_region_put_many(f->s, tree, N_TREE, &f->err) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->s);
    remove_files(f);
    free(f);
    return 0;
}

static int version_of(fx *f)
{
    int v = -1;
    assert_int_equal(pl_store_schema_version(f->s, &v, &f->err), 0);
    return v;
}

static long count_sql(fx *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(pl_sq_of(f->s)->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static pl_household mk_household(const char *kk, const char *village)
{
    pl_household h;
    memset(&h, 0, sizeof h);
    snprintf(h.kk, sizeof h.kk, "%s", kk);
    snprintf(h.village_code, sizeof h.village_code, "%s", village);
    snprintf(h.address, sizeof h.address, "Jl. Mawar 1");
    snprintf(h.rt, sizeof h.rt, "001");
    snprintf(h.rw, sizeof h.rw, "002");
    return h;
}

static int64_t add_household(fx *f, const char *kk, const char *village)
{
    pl_household h = mk_household(kk, village);
    assert_int_equal(pl_store_household_add(f->s, &tester, &h, &f->err), 0);
    assert_true(h.id > 0);
    return h.id;
}

static pl_person mk_person(const char *nik, const char *name, int64_t hh)
{
    pl_person p;
    memset(&p, 0, sizeof p);
    snprintf(p.nik, sizeof p.nik, "%s", nik);
    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.birth_place, sizeof p.birth_place, "Bontang");
    snprintf(p.birth_date, sizeof p.birth_date, "1985-03-12");
    p.sex = 'L';
    snprintf(p.relationship, sizeof p.relationship, "kepala_keluarga");
    p.household_id = hh;
    return p;
}

static int64_t add_person(fx *f, const char *nik, const char *name, int64_t hh)
{
    pl_person p = mk_person(nik, name, hh);
    assert_int_equal(pl_store_person_add(f->s, &tester, &p, &f->err), 0);
    assert_true(p.id > 0);
    return p.id;
}

/* ------------------------------------------------------------ migrations */

static void test_migrate_from_empty(void **state)
{
    fx *f = *state;
    assert_int_equal(version_of(f), 0);
    /* Every other call is refused until the schema exists. */
    pl_region r;
    assert_int_equal(pl_store_region_get(f->s, &r, "64", &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "pilar init"));
    int from = -1, to = -1;
    assert_int_equal(pl_store_migrate(f->s, &from, &to, &f->err), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, PL_STORE_SCHEMA_VERSION);
    assert_int_equal(version_of(f), PL_STORE_SCHEMA_VERSION);
    /* Former region codes are loaded by the migration. */
    assert_true(count_sql(f, "SELECT count(*) FROM region_former WHERE code = '64.04' AND "
                             "current_code = '65.01'") == 1);
    /* Running it again changes nothing. */
    long audit = count_sql(f, "SELECT count(*) FROM audit");
    long former = count_sql(f, "SELECT count(*) FROM region_former");
    assert_int_equal(pl_store_migrate(f->s, &from, &to, &f->err), 0);
    assert_int_equal(from, PL_STORE_SCHEMA_VERSION);
    assert_int_equal(to, PL_STORE_SCHEMA_VERSION);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit"), audit);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM region_former"), former);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);
}

static void test_migrate_from_previous(void **state)
{
    fx *f = *state;
    int from = -1, to = -1;
    assert_int_equal(pl_sq_migrate_to(pl_sq_of(f->s), 2, &from, &to, &f->err), 0);
    assert_int_equal(from, 0);
    assert_int_equal(to, 2);
    assert_int_equal(version_of(f), 2);
    /* The store API refuses an old schema; write the old data with SQL directly. */
    pl_household h;
    assert_int_equal(pl_store_household_get(f->s, &h, 1, &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "2"));
    pl_sq_set_actor(pl_sq_of(f->s), &tester);
    char *msg = NULL;
    int rc = sqlite3_exec(
        pl_sq_of(f->s)->db,
        "INSERT INTO region(code,parent,level,name) VALUES('64',NULL,1,'Kalimantan Timur'),"
        "('64.74','64',2,'Kota Bontang'),('64.74.01','64.74',3,'Bontang Utara'),"
        "('64.74.01.1001','64.74.01',4,'Bontang Kuala');"
        "INSERT INTO household(id,kk,village_code,address,rt,rw,created_at,created_by,"
        "updated_at) VALUES(7,'6474011506200001','64.74.01.1001','Jl. Lama 3','004','005',"
        "'2020-01-01T00:00:00Z','old','2020-01-01T00:00:00Z');"
        "INSERT INTO person(id,nik,household_id,name,name_norm,birth_date,sex,relationship,"
        "village_code,created_at,created_by,updated_at) VALUES(11,'6474014506900001',7,"
        "'Siti Aminah','siti aminah','1990-06-05','P','istri_suami','64.74.01.1001',"
        "'2020-01-01T00:00:00Z','old','2020-01-01T00:00:00Z');"
        "INSERT INTO membership(id,person_id,category,valid_from,created_at,created_by) "
        "VALUES(3,11,9,'2019-05-01','2020-01-01T00:00:00Z','old');"
        "INSERT INTO app_user(username,role,scope,created_at,created_by) "
        "VALUES('op','regency','64.74','2020-01-01T00:00:00Z','old');",
        NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("seed v2: %s", msg ? msg : "?");
    assert_int_equal(pl_store_migrate(f->s, &from, &to, &f->err), 0);
    assert_int_equal(from, 2);
    assert_int_equal(to, PL_STORE_SCHEMA_VERSION);
    assert_int_equal(version_of(f), PL_STORE_SCHEMA_VERSION);
    /* The data survived and reads through the store. */
    assert_int_equal(pl_store_household_get_by_kk(f->s, &h, "6474011506200001", &f->err), 0);
    assert_int_equal(h.id, 7);
    assert_string_equal(h.address, "Jl. Lama 3");
    assert_string_equal(h.rt, "004");
    pl_person p;
    assert_int_equal(pl_store_person_get_by_nik(f->s, &p, "6474014506900001", &f->err), 0);
    assert_int_equal(p.id, 11);
    assert_string_equal(p.name, "Siti Aminah");
    assert_string_equal(p.kk, "6474011506200001");
    assert_int_equal(p.sex, 'P');
    assert_int_equal(count_sql(f, "SELECT count(*) FROM membership WHERE person_id = 11 AND "
                                  "category = 9 AND valid_to IS NULL"),
                     1);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM app_user WHERE username = 'op'"), 1);
    /* The name index covers the migrated rows. */
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person_fts WHERE person_fts MATCH 'siti'"),
                     1);
    pl_store_summary sum;
    assert_int_equal(pl_store_summary_get(f->s, &sum, "", &f->err), 0);
    assert_int_equal(sum.people, 1);
    assert_int_equal(sum.households, 1);
    assert_int_equal(sum.pmks_people[9], 1);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);
}

static void test_newer_file_refused(void **state)
{
    fx *f = *state;
    assert_int_equal(pl_store_migrate(f->s, NULL, NULL, &f->err), 0);
    assert_int_equal(pl_sq_exec(pl_sq_of(f->s), "PRAGMA user_version = 99", &f->err), 0);
    pl_store_close(f->s);
    f->s = NULL;
    assert_int_equal(pl_store_open(&f->s, f->path, 0, &f->err), 0);
    int from = -1, to = -1;
    pl_error_clear(&f->err);
    assert_int_equal(pl_store_migrate(f->s, &from, &to, &f->err), PL_ECONFLICT);
    assert_int_equal(f->err.code, PL_ECONFLICT);
    assert_non_null(strstr(f->err.message, "99"));
    char want[16];
    snprintf(want, sizeof want, "%d", PL_STORE_SCHEMA_VERSION);
    assert_non_null(strstr(f->err.message, want));
    assert_int_equal(from, 99);
    assert_int_equal(version_of(f), 99); /* untouched */
    pl_region r;
    assert_int_equal(pl_store_region_get(f->s, &r, "64", &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "99"));
}

static void test_open_not_a_database(void **state)
{
    fx *f = *state;
    char junk[128];
    snprintf(junk, sizeof junk, "%s/junk", f->dir);
    FILE *fp = fopen(junk, "w");
    assert_non_null(fp);
    for (int i = 0; i < 200; i++)
        fputs("ini bukan basis data SQLite\n", fp);
    fclose(fp);
    pl_store *s = (pl_store *)1;
    pl_error err;
    pl_error_clear(&err);
    assert_int_equal(pl_store_open(&s, junk, 0, &err), PL_EIO);
    assert_null(s);
    assert_int_equal(err.code, PL_EIO);
    assert_true(err.message[0] != '\0');
    /* A missing file without CREATE: refused, and the user is told what to do. */
    char missing[128];
    snprintf(missing, sizeof missing, "%s/missing.db", f->dir);
    pl_error_clear(&err);
    assert_int_equal(pl_store_open(&s, missing, PL_STORE_READONLY, &err), PL_EIO);
    assert_null(s);
    assert_non_null(strstr(err.message, "pilar init"));
    assert_int_equal(access(missing, F_OK), -1);
}

/* ---------------------------------------------------------------- regions */

typedef struct codes {
    char v[16][PL_REGION_CODE_MAX];
    int n;
} codes;

static int collect_region(void *ctx, const pl_region *r)
{
    codes *c = ctx;
    if (c->n < 16)
        snprintf(c->v[c->n], sizeof c->v[0], "%s", r->code);
    c->n++;
    return 0;
}

static void test_regions(void **state)
{
    fx *f = *state;
    pl_region r;
    assert_int_equal(pl_store_region_get(f->s, &r, "64.74.01", &f->err), 0);
    assert_string_equal(r.name, "Bontang Utara");
    assert_string_equal(r.parent, "64.74");
    assert_int_equal(r.level, PL_LEVEL_DISTRICT);
    assert_int_equal(pl_store_region_get(f->s, &r, "", &f->err), PL_ENOTFOUND);
    assert_int_equal(pl_store_region_get(f->s, &r, "64.99", &f->err), PL_ENOTFOUND);
    assert_string_equal(f->err.field, "kode_wilayah");

    /* put_many again with a renamed region: upsert, no duplicate. */
    pl_region ren = {"64.74.01.1002", "64.74.01", 4, "Bontang Baru (baru)"};
    assert_int_equal(pl_store_region_put_many(f->s, &ren, 1, &f->err), 0);
    assert_int_equal(pl_store_region_get(f->s, &r, "64.74.01.1002", &f->err), 0);
    assert_string_equal(r.name, "Bontang Baru (baru)");
    long counts[5];
    assert_int_equal(pl_store_region_counts(f->s, counts, &f->err), 0);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 2);
    assert_int_equal(counts[3], 2);
    assert_int_equal(counts[4], 4);

    codes c = {0};
    assert_int_equal(pl_store_region_children(f->s, "", collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.v[0], "64");
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_children(f->s, "64", collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.v[0], "64.72"); /* ordered by code */
    assert_string_equal(c.v[1], "64.74");

    /* Search: name (case-insensitive) or code prefix, level then code. */
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_search(f->s, "bontang", 50, collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.v[0], "64.74");
    assert_string_equal(c.v[1], "64.74.01");
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_search(f->s, "64.72", 50, collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 4);
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_search(f->s, "bontang", 2, collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 2);
    /* LIKE wildcards in the text are literal. */
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_search(f->s, "%", 50, collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.v[0], "64.72.01.1002");
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_search(f->s, "_", 50, collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.v[0], "64.72.01.1002");
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_search(f->s, "B_ntang", 50, collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 0);
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_search(f->s, "64_74", 50, collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 0);

    /* List a level inside a scope. */
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_list(f->s, 4, "64.74", collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.v[0], "64.74.01.1001");
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_list(f->s, 4, "", collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 4);
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_list(f->s, 2, "64.7", collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 0); /* prefix at a dot boundary only */
    memset(&c, 0, sizeof c);
    assert_int_equal(pl_store_region_list(f->s, 2, "64.74", collect_region, &c, &f->err), 0);
    assert_int_equal(c.n, 1);
}

/* ------------------------------------------------------------- households */

static void test_households(void **state)
{
    fx *f = *state;
    pl_household h = mk_household("6474011506200001", "64.74.01.1001");
    h.has_coord = true;
    h.lat = 0.1333;
    h.lon = 117.5;
    assert_int_equal(pl_store_household_add(f->s, &tester, &h, &f->err), 0);
    assert_true(h.id > 0);
    assert_int_equal(h.version, 1);
    assert_string_equal(h.state, "draft");
    assert_int_equal(strlen(h.created_at), 20);

    pl_household g;
    assert_int_equal(pl_store_household_get(f->s, &g, h.id, &f->err), 0);
    assert_string_equal(g.kk, "6474011506200001");
    assert_string_equal(g.address, "Jl. Mawar 1");
    assert_true(g.has_coord);
    assert_true(g.lat > 0.1332 && g.lat < 0.1334);
    assert_int_equal(pl_store_household_get_by_kk(f->s, &g, "6474011506200001", &f->err), 0);
    assert_int_equal(g.id, h.id);
    assert_int_equal(pl_store_household_get_by_kk(f->s, &g, "6474011506209999", &f->err),
                     PL_ENOTFOUND);
    assert_int_equal(pl_store_household_get(f->s, &g, 999, &f->err), PL_ENOTFOUND);

    /* Duplicate KK. */
    pl_household d = mk_household("6474011506200001", "64.74.01.1002");
    assert_int_equal(pl_store_household_add(f->s, &tester, &d, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "no_kk");
    /* Unknown village, and a district code is not a village. */
    d = mk_household("6474011506200002", "64.74.01.1999");
    assert_int_equal(pl_store_household_add(f->s, &tester, &d, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "kode_desa");
    d = mk_household("6474011506200002", "64.74.01");
    assert_int_equal(pl_store_household_add(f->s, &tester, &d, &f->err), PL_EINVAL);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM household"), 1);

    /* Update with the current version. */
    int64_t pid = add_person(f, "6474011203850001", "Budi Santoso", h.id);
    g = h;
    snprintf(g.address, sizeof g.address, "Jl. Melati 9");
    snprintf(g.village_code, sizeof g.village_code, "64.74.01.1002");
    assert_int_equal(pl_store_household_update(f->s, &tester, &g, &f->err), 0);
    assert_int_equal(g.version, 2);
    assert_string_equal(g.address, "Jl. Melati 9");
    /* Members move with the household. */
    pl_person p;
    assert_int_equal(pl_store_person_get(f->s, &p, pid, &f->err), 0);
    assert_string_equal(p.village_code, "64.74.01.1002");

    /* Stale version: refused, nothing changed. */
    pl_household stale = h; /* version 1 */
    snprintf(stale.address, sizeof stale.address, "Jl. Salah");
    assert_int_equal(pl_store_household_update(f->s, &tester, &stale, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "version");
    assert_int_equal(pl_store_household_get(f->s, &g, h.id, &f->err), 0);
    assert_string_equal(g.address, "Jl. Melati 9");
    assert_int_equal(g.version, 2);
    /* Unknown id. */
    stale.id = 999;
    stale.version = 1;
    assert_int_equal(pl_store_household_update(f->s, &tester, &stale, &f->err), PL_ENOTFOUND);
}

/* --------------------------------------------------------- people without NIK */

static int count_person_cb(void *ctx, const pl_person *p)
{
    (void)p;
    ++*(int *)ctx;
    return 0;
}

static int sum_nonik(void *ctx, const pl_nonik_count *c)
{
    long *n = ctx;
    if (strcmp(c->reason, "tunawisma") == 0)
        n[0] += c->people;
    else
        n[1] += c->people;
    return 0;
}

static void test_people_without_nik(void **state)
{
    fx *f = *state;
    int64_t hh = add_household(f, "6474011506200001", "64.74.01.1001");
    pl_person a = mk_person("", "Anak Tanpa NIK", hh);
    assert_int_equal(pl_store_person_add(f->s, &tester, &a, &f->err), 0);
    /* No reason given: "unknown", and the flag, set by the store. */
    assert_string_equal(a.no_nik_reason, "tidak_diketahui");
    assert_true(a.flags & PL_FLAG_NO_NIK);
    pl_person b = mk_person("", "Udin", 0);
    snprintf(b.village_code, sizeof b.village_code, "64.74.01.1001");
    snprintf(b.no_nik_reason, sizeof b.no_nik_reason, "tunawisma");
    assert_int_equal(pl_store_person_add(f->s, &tester, &b, &f->err), 0);
    assert_string_equal(b.no_nik_reason, "tunawisma");
    pl_person c = mk_person("6474011203850001", "Budi Santoso", hh);
    assert_int_equal(pl_store_person_add(f->s, &tester, &c, &f->err), 0);
    assert_string_equal(c.no_nik_reason, "");
    assert_false(c.flags & PL_FLAG_NO_NIK);
    /* A reason outside the list is refused by the schema. */
    pl_person bad = mk_person("", "Salah", hh);
    snprintf(bad.no_nik_reason, sizeof bad.no_nik_reason, "lupa");
    assert_int_not_equal(pl_store_person_add(f->s, &tester, &bad, &f->err), 0);

    /* The queue: only people without NIK, by reason, in scope. */
    int n = 0;
    pl_person_query q = {.scope = "", .without_nik = true, .limit = 50};
    assert_int_equal(pl_store_person_search(f->s, &q, count_person_cb, &n, &f->err), 0);
    assert_int_equal(n, 2);
    n = 0;
    q.no_nik_reason = "tunawisma";
    assert_int_equal(pl_store_person_search(f->s, &q, count_person_cb, &n, &f->err), 0);
    assert_int_equal(n, 1);
    n = 0;
    q.no_nik_reason = NULL;
    q.scope = "64.72";
    assert_int_equal(pl_store_person_search(f->s, &q, count_person_cb, &n, &f->err), 0);
    assert_int_equal(n, 0);
    long counts[2] = {0, 0};
    assert_int_equal(pl_store_person_nonik_counts(f->s, "64.74", NULL, sum_nonik, counts, &f->err),
                     0);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 1);
    pl_store_summary sum;
    assert_int_equal(pl_store_summary_get(f->s, &sum, "", &f->err), 0);
    assert_int_equal(sum.without_nik, 2);

    /* Candidates for a returning person: the household's members and the village's people
     * born that day. */
    n = 0;
    assert_int_equal(pl_store_person_nonik_candidates(f->s, hh, "64.74.01.1001", "1985-03-12",
                                                      count_person_cb, &n, &f->err),
                     0);
    assert_int_equal(n, 3);
    n = 0;
    assert_int_equal(pl_store_person_nonik_candidates(f->s, 0, "64.74.01.1001", "1900-01-01",
                                                      count_person_cb, &n, &f->err),
                     0);
    assert_int_equal(n, 0);

    /* A NIK recorded later keeps the id; the reason and the flag go; the audit has both. */
    int64_t id = a.id;
    snprintf(a.nik, sizeof a.nik, "6474011203850009");
    assert_int_equal(pl_store_person_update(f->s, &tester, &a, &f->err), 0);
    assert_int_equal(a.id, id);
    assert_string_equal(a.no_nik_reason, "");
    assert_false(a.flags & PL_FLAG_NO_NIK);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM audit WHERE entity = 'person' AND entity_id = %lld AND "
             "json_extract(before, '$.no_nik_reason') = 'tidak_diketahui' AND "
             "json_extract(after, '$.nik') = '6474011203850009'",
             (long long)id);
    assert_int_equal(count_sql(f, sql), 1);
}

/* ----------------------------------------------------------------- people */

static void test_people(void **state)
{
    fx *f = *state;
    int64_t hh = add_household(f, "6474011506200001", "64.74.01.1001");
    pl_person p = mk_person("6474011203850001", "Budi Santoso", hh);
    assert_int_equal(pl_store_person_add(f->s, &tester, &p, &f->err), 0);
    assert_int_equal(p.version, 1);
    assert_string_equal(p.state, "draft");
    assert_string_equal(p.village_code, "64.74.01.1001"); /* from the household */
    assert_string_equal(p.kk, "6474011506200001");

    pl_person g;
    assert_int_equal(pl_store_person_get_by_nik(f->s, &g, "6474011203850001", &f->err), 0);
    assert_int_equal(g.id, p.id);
    assert_string_equal(g.birth_date, "1985-03-12");
    assert_string_equal(g.birth_place, "Bontang");
    assert_int_equal(g.sex, 'L');
    assert_int_equal(pl_store_person_get_by_nik(f->s, &g, "6474011203850099", &f->err),
                     PL_ENOTFOUND);
    assert_int_equal(pl_store_person_get(f->s, &g, 12345, &f->err), PL_ENOTFOUND);

    /* Duplicate NIK. */
    pl_person d = mk_person("6474011203850001", "Orang Lain", hh);
    assert_int_equal(pl_store_person_add(f->s, &tester, &d, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "nik");
    /* Unknown household / village. */
    d = mk_person("6474011203850002", "Orang Lain", 999);
    assert_int_equal(pl_store_person_add(f->s, &tester, &d, &f->err), PL_EINVAL);
    d = mk_person("6474011203850002", "Orang Lain", 0);
    snprintf(d.village_code, sizeof d.village_code, "64.74.01.1999");
    assert_int_equal(pl_store_person_add(f->s, &tester, &d, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "kode_desa");
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person"), 1);
    /* Without a household, a real village. */
    d = mk_person("", "Tanpa NIK", 0);
    snprintf(d.village_code, sizeof d.village_code, "64.72.01.1001");
    d.flags = PL_FLAG_NO_NIK;
    assert_int_equal(pl_store_person_add(f->s, &tester, &d, &f->err), 0);
    assert_string_equal(d.nik, "");
    assert_int_equal(d.household_id, 0);

    /* Optimistic locking: two copies of version 1. */
    pl_person a = p, b = p;
    snprintf(a.name, sizeof a.name, "Budi Santosa");
    assert_int_equal(pl_store_person_update(f->s, &tester, &a, &f->err), 0);
    assert_int_equal(a.version, 2);
    snprintf(b.name, sizeof b.name, "Budi Salah");
    assert_int_equal(pl_store_person_update(f->s, &tester, &b, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "version");
    assert_int_equal(pl_store_person_get(f->s, &g, p.id, &f->err), 0);
    assert_string_equal(g.name, "Budi Santosa");
    assert_int_equal(g.version, 2);
    /* Changing NIK to one in use. */
    pl_person other = mk_person("6474011203850003", "Ani", hh);
    assert_int_equal(pl_store_person_add(f->s, &tester, &other, &f->err), 0);
    g = a;
    snprintf(g.nik, sizeof g.nik, "6474011203850003");
    assert_int_equal(pl_store_person_update(f->s, &tester, &g, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "nik");

    /* Verification state. */
    assert_int_equal(pl_store_person_set_state(f->s, &tester, p.id, "rejected", "", &f->err),
                     PL_EINVAL);
    assert_string_equal(f->err.field, "alasan");
    assert_int_equal(pl_store_person_set_state(f->s, &tester, p.id, "rejected", NULL, &f->err),
                     PL_EINVAL);
    assert_int_equal(pl_store_person_set_state(f->s, &tester, p.id, "hilang", "x", &f->err),
                     PL_EINVAL);
    assert_int_equal(pl_store_person_get(f->s, &g, p.id, &f->err), 0);
    assert_string_equal(g.state, "draft");
    assert_int_equal(g.version, 2);
    assert_int_equal(
        pl_store_person_set_state(f->s, &tester, p.id, "rejected", "sudah pindah", &f->err), 0);
    assert_int_equal(pl_store_person_get(f->s, &g, p.id, &f->err), 0);
    assert_string_equal(g.state, "rejected");
    assert_string_equal(g.state_reason, "sudah pindah");
    assert_string_equal(g.state_by, "tester");
    assert_int_equal(g.version, 3);
    assert_int_equal(pl_store_person_set_state(f->s, &tester, 999, "verified", NULL, &f->err),
                     PL_ENOTFOUND);
}

/* ------------------------------------------------------------------ audit */

typedef struct audit_rows {
    int n;
    char action[8][32];
    char actor[8][64];
    char client[8][64];
    json_t *before[8];
    json_t *after[8];
} audit_rows;

static int collect_audit(void *ctx, const pl_audit_entry *e)
{
    audit_rows *a = ctx;
    if (a->n < 8) {
        snprintf(a->action[a->n], 32, "%s", e->action);
        snprintf(a->actor[a->n], 64, "%s", e->actor);
        snprintf(a->client[a->n], 64, "%s", e->client);
        a->before[a->n] = e->before ? json_loads(e->before, 0, NULL) : NULL;
        a->after[a->n] = e->after ? json_loads(e->after, 0, NULL) : NULL;
    }
    a->n++;
    return 0;
}

static void audit_free(audit_rows *a)
{
    for (int i = 0; i < a->n && i < 8; i++) {
        json_decref(a->before[i]);
        json_decref(a->after[i]);
    }
}

static const char *jstr(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "(null)";
}

static void test_audit(void **state)
{
    fx *f = *state;
    pl_household h = mk_household("6474011506200001", "64.74.01.1001");
    assert_int_equal(pl_store_household_add(f->s, &tester, &h, &f->err), 0);
    h.rt[0] = '\0';
    snprintf(h.address, sizeof h.address, "Jl. Kenanga 4");
    assert_int_equal(pl_store_household_update(f->s, &tester, &h, &f->err), 0);

    audit_rows a = {0};
    assert_int_equal(
        pl_store_audit_list(f->s, "household", h.id, 0, 100, collect_audit, &a, &f->err), 0);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.action[0], "insert");
    assert_string_equal(a.actor[0], "tester");
    assert_string_equal(a.client[0], "test-client");
    assert_null(a.before[0]);
    assert_non_null(a.after[0]);
    assert_string_equal(jstr(a.after[0], "kk"), "6474011506200001");
    assert_string_equal(jstr(a.after[0], "address"), "Jl. Mawar 1");
    assert_string_equal(a.action[1], "update");
    assert_non_null(a.before[1]);
    assert_non_null(a.after[1]);
    assert_string_equal(jstr(a.before[1], "address"), "Jl. Mawar 1");
    assert_string_equal(jstr(a.after[1], "address"), "Jl. Kenanga 4");
    assert_string_equal(jstr(a.before[1], "rt"), "001");
    assert_string_equal(jstr(a.after[1], "rt"), "");
    assert_int_equal(json_integer_value(json_object_get(a.before[1], "version")), 1);
    assert_int_equal(json_integer_value(json_object_get(a.after[1], "version")), 2);
    audit_free(&a);

    /* A person update records before/after of the changed name with another actor. */
    int64_t pid = add_person(f, "6474011203850001", "Budi Santoso", h.id);
    pl_person p;
    assert_int_equal(pl_store_person_get(f->s, &p, pid, &f->err), 0);
    snprintf(p.name, sizeof p.name, "Budiman Santoso");
    pl_actor other = {"cli:ani", "cli"};
    assert_int_equal(pl_store_person_update(f->s, &other, &p, &f->err), 0);
    memset(&a, 0, sizeof a);
    assert_int_equal(pl_store_audit_list(f->s, "person", pid, 0, 100, collect_audit, &a, &f->err),
                     0);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.action[1], "update");
    assert_string_equal(a.actor[1], "cli:ani");
    assert_string_equal(a.client[1], "cli");
    assert_string_equal(jstr(a.before[1], "name"), "Budi Santoso");
    assert_string_equal(jstr(a.after[1], "name"), "Budiman Santoso");
    audit_free(&a);

    /* Inserts are not audited per row in bulk-load mode; names are indexed at flush. */
    assert_int_equal(pl_store_bulk_begin(f->s, 0, &f->err), 0);
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    pl_person cp = mk_person("6474011203850002", "Citra", h.id);
    snprintf(cp.village_code, sizeof cp.village_code, "%s", h.village_code);
    int64_t cid = 0;
    pl_upsert_outcome co;
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &cp, NULL, "", &cid, &co, &f->err), 0);
    assert_int_equal(co, PL_UPSERT_INSERTED);
    assert_int_equal(pl_store_bulk_flush(f->s, &f->err), 0);
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    assert_int_equal(pl_store_bulk_end(f->s, &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE entity='person' AND "
                                  "after LIKE '%Citra%'"),
                     0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person_fts WHERE person_fts MATCH 'citra'"),
                     1);
    /* After bulk mode, inserts are audited again. */
    add_person(f, "6474011203850004", "Dewi", h.id);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE entity='person' AND "
                                  "action='insert' AND after LIKE '%Dewi%'"),
                     1);

    /* Delete rows carry the before image. */
    pl_psks_unit u = {0};
    u.type = 11;
    snprintf(u.kind, sizeof u.kind, "orang");
    snprintf(u.name, sizeof u.name, "Pak TKSK");
    snprintf(u.area_code, sizeof u.area_code, "64.74.01");
    assert_int_equal(pl_store_psks_add(f->s, &tester, &u, &f->err), 0);
    pl_sq_set_actor(pl_sq_of(f->s), &other);
    char sql[96];
    snprintf(sql, sizeof sql, "DELETE FROM psks_unit WHERE id = %lld", (long long)u.id);
    assert_int_equal(pl_sq_exec(pl_sq_of(f->s), sql, &f->err), 0);
    memset(&a, 0, sizeof a);
    assert_int_equal(
        pl_store_audit_list(f->s, "psks_unit", u.id, 0, 100, collect_audit, &a, &f->err), 0);
    assert_int_equal(a.n, 2);
    assert_string_equal(a.action[1], "delete");
    assert_string_equal(a.actor[1], "cli:ani");
    assert_string_equal(jstr(a.before[1], "name"), "Pak TKSK");
    assert_null(a.after[1]);
    audit_free(&a);

    /* Explicit rows, and the newest-first listing of everything. */
    assert_int_equal(
        pl_store_audit_add(f->s, &tester, "import", "file", 0, NULL, "{\"rows\":3}", &f->err), 0);
    memset(&a, 0, sizeof a);
    assert_int_equal(pl_store_audit_list(f->s, NULL, 0, 0, 1, collect_audit, &a, &f->err), 0);
    assert_int_equal(a.n, 1);
    assert_string_equal(a.action[0], "import");
    assert_int_equal(json_integer_value(json_object_get(a.after[0], "rows")), 3);
    audit_free(&a);

    /* The audit is append-only. */
    long before = count_sql(f, "SELECT count(*) FROM audit");
    assert_int_equal(pl_sq_exec(pl_sq_of(f->s), "UPDATE audit SET actor = 'mallory'", &f->err),
                     PL_EIO);
    assert_non_null(strstr(f->err.message, "append-only"));
    assert_int_equal(pl_sq_exec(pl_sq_of(f->s), "DELETE FROM audit", &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "append-only"));
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit"), before);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE actor = 'mallory'"), 0);
}

/* ------------------------------------------------------------ memberships */

typedef struct mlist {
    int n;
    pl_membership m[8];
} mlist;

static int collect_membership(void *ctx, const pl_membership *m)
{
    mlist *l = ctx;
    if (l->n < 8)
        l->m[l->n] = *m;
    l->n++;
    return 0;
}

static pl_membership mk_membership(int64_t person, int64_t hh, int cat, const char *from)
{
    pl_membership m;
    memset(&m, 0, sizeof m);
    m.person_id = person;
    m.household_id = hh;
    m.category = cat;
    snprintf(m.valid_from, sizeof m.valid_from, "%s", from);
    return m;
}

/* Counts the entries a listing hands over, and remembers whether an update was among them. */
typedef struct seen {
    int n, updates, reads;
    int64_t first_id;
} seen;

static int count_entry(void *ctx, const pl_audit_entry *e)
{
    seen *s = ctx;
    if (s->n++ == 0)
        s->first_id = e->id;
    s->updates += strcmp(e->action, "update") == 0;
    s->reads += strcmp(e->action, "read") == 0;
    return 0;
}

/*
 * Reads are kept apart from changes: a person read more than 100,000 times
 * still shows a later change on the first page of its history, reads are
 * counted and listed on their own, and the retention purge removes only old
 * read rows (never rows younger than 30 days, never the write audit) and is
 * itself audited.
 */
static void test_read_audit(void **state)
{
    fx *f = *state;
    int64_t hh = add_household(f, "6474011506200001", "64.74.01.1001");
    int64_t pid = add_person(f, "6474011203850001", "Budi Santoso", hh);
    enum { OLD = 1000, NEW = 100001 };
    pl_audit_read *rows = calloc(OLD + NEW, sizeof *rows);
    assert_non_null(rows);
    for (int i = 0; i < OLD + NEW; i++) {
        snprintf(rows[i].at, sizeof rows[i].at, "%s",
                 i < OLD ? "2020-01-01T00:00:00Z" : "2099-01-01T00:00:00Z");
        snprintf(rows[i].actor, sizeof rows[i].actor, "pembaca");
        snprintf(rows[i].client, sizeof rows[i].client, "10.0.0.%d", i % 200);
        snprintf(rows[i].entity, sizeof rows[i].entity, "person");
        rows[i].entity_id = pid;
    }
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_audit_reads(f->s, rows, OLD + NEW, &f->err), 0);
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    free(rows);

    pl_person p;
    assert_int_equal(pl_store_person_get(f->s, &p, pid, &f->err), 0);
    snprintf(p.name, sizeof p.name, "Budiman Santoso");
    assert_int_equal(pl_store_person_update(f->s, &tester, &p, &f->err), 0);

    /* The history: the insert and the update, no reads, whatever the number of reads. */
    seen h = {0};
    assert_int_equal(pl_store_audit_list(f->s, "person", pid, 0, 50, count_entry, &h, &f->err), 0);
    assert_int_equal(h.n, 2);
    assert_int_equal(h.updates, 1);
    assert_int_equal(h.reads, 0);
    /* Paging: after the first entry only the update is left. */
    seen h2 = {0};
    assert_int_equal(
        pl_store_audit_list(f->s, "person", pid, h.first_id, 50, count_entry, &h2, &f->err), 0);
    assert_int_equal(h2.n, 1);
    assert_int_equal(h2.updates, 1);
    int64_t reads = 0;
    assert_int_equal(pl_store_audit_read_count(f->s, "person", pid, &reads, &f->err), 0);
    assert_int_equal(reads, OLD + NEW);
    seen r = {0};
    assert_int_equal(pl_store_audit_read_list(f->s, "person", pid, 0, 10, count_entry, &r, &f->err),
                     0);
    assert_int_equal(r.n, 10);
    assert_int_equal(r.reads, 10);
    assert_int_equal(r.first_id, OLD + NEW); /* newest first */

    /* Rows younger than 30 days cannot be deleted: the whole purge fails. */
    int64_t removed = -1;
    pl_audit_head last;
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_not_equal(
        pl_store_audit_read_purge(f->s, "2100-01-01T00:00:00Z", &removed, &last, &f->err), 0);
    pl_store_rollback(f->s);
    assert_int_equal(pl_store_audit_read_count(f->s, "person", pid, &reads, &f->err), 0);
    assert_int_equal(reads, OLD + NEW);

    /* The retention purge (730 days) removes the old rows only, and says so in the write audit. */
    char before[24];
    assert_int_equal(
        pl_audit_purge_reads(f->s, &tester, 730, time(NULL), &removed, before, &f->err), 0);
    assert_int_equal(removed, OLD);
    assert_int_equal(pl_store_audit_read_count(f->s, "person", pid, &reads, &f->err), 0);
    assert_int_equal(reads, NEW);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE action = 'purge_read_audit' "
                                  "AND entity = 'audit_read' AND after LIKE '%\"removed\":1000%'"),
                     1);
    /* A second run finds nothing and writes no audit row; too short a retention is refused. */
    assert_int_equal(pl_audit_purge_reads(f->s, &tester, 730, time(NULL), &removed, NULL, &f->err),
                     0);
    assert_int_equal(removed, 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE action = 'purge_read_audit'"),
                     1);
    assert_int_equal(pl_audit_purge_reads(f->s, &tester, 7, time(NULL), &removed, NULL, &f->err),
                     PL_EINVAL);
    /* The write audit is untouched. */
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE entity = 'person'"), 2);
}

/*
 * The read audit is a file of its own beside the data base: appending to it
 * leaves the data base's change stamp (PRAGMA data_version, pl_store_auth_stamp) of
 * every other connection alone, so their page caches and token memos stay valid. A data
 * base copied without that file opens with an empty one and says so.
 */
static void test_read_audit_file(void **state)
{
    fx *f = *state;
    pl_store *other = NULL;
    assert_int_equal(pl_store_open(&other, f->path, 0, &f->err), 0);
    assert_false(pl_store_reads_recreated(other));
    int64_t v0 = 0, v1 = 0, v2 = 0;
    assert_int_equal(pl_store_auth_stamp(other, &v0, &f->err), 0);
    pl_audit_read row = {
        .at = "2099-01-01T00:00:00Z", .actor = "a", .entity = "person", .entity_id = 7};
    assert_int_equal(pl_store_audit_reads(f->s, &row, 1, &f->err), 0);
    assert_int_equal(pl_store_auth_stamp(other, &v1, &f->err), 0);
    assert_true(v1 == v0);
    int64_t n = 0;
    assert_int_equal(pl_store_audit_read_count(other, "person", 7, &n, &f->err), 0);
    assert_int_equal(n, 1);
    /* A change to the data base itself does move the stamp (the test can see one). */
    add_household(f, "6474011506200001", "64.74.01.1001");
    assert_int_equal(pl_store_auth_stamp(other, &v2, &f->err), 0);
    assert_true(v2 != v1);
    pl_store_close(other);
    assert_int_equal(
        count_sql(f, "SELECT count(*) FROM main.sqlite_master WHERE name LIKE 'audit_read%'"), 0);
    char p[600];
    snprintf(p, sizeof p, "%s%s", f->path, PL_STORE_READS_SUFFIX);
    assert_int_equal(access(p, F_OK), 0);

    /* Copied without its read-audit file: an empty one, and the caller is told. */
    pl_store_close(f->s);
    f->s = NULL;
    const char *const sfx[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s%s", f->path, PL_STORE_READS_SUFFIX, sfx[i]);
        unlink(p);
    }
    assert_int_equal(pl_store_open(&f->s, f->path, 0, &f->err), 0);
    assert_true(pl_store_reads_recreated(f->s));
    assert_int_equal(pl_store_audit_read_count(f->s, "person", 7, &n, &f->err), 0);
    assert_int_equal(n, 0);
    assert_int_equal(pl_store_audit_reads(f->s, &row, 1, &f->err), 0);
    /* Its guards came with it. */
    assert_int_not_equal(
        sqlite3_exec(pl_sq_of(f->s)->db, "DELETE FROM reads.audit_read", NULL, NULL, NULL),
        SQLITE_OK);
    pl_store_close(f->s);
    assert_int_equal(pl_store_open(&f->s, f->path, 0, &f->err), 0);
    assert_false(pl_store_reads_recreated(f->s));
    assert_int_equal(pl_store_audit_read_count(f->s, "person", 7, &n, &f->err), 0);
    assert_int_equal(n, 1);

    /* pilar check's integrity check covers the read-audit file. */
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);
    for (int i = 0; i < 2000; i++)
        assert_int_equal(pl_store_audit_reads(f->s, &row, 1, &f->err), 0);
    pl_store_close(f->s);
    f->s = NULL;
    snprintf(p, sizeof p, "%s%s", f->path, PL_STORE_READS_SUFFIX);
    FILE *fp = fopen(p, "r+b");
    assert_non_null(fp);
    static char junk[3 * 4096]; /* pages 2-4: the table's and indexes' first pages */
    memset(junk, 0xff, sizeof junk);
    assert_int_equal(fseek(fp, 4096L, SEEK_SET), 0);
    assert_int_equal(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
    fclose(fp);
    assert_int_equal(pl_store_open(&f->s, f->path, 0, &f->err), 0);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), PL_EIO);
}

/* Migration 12 moves the read rows of the old audit table into audit_read. */
static void test_migrate_read_audit(void **state)
{
    fx *f = *state;
    assert_int_equal(pl_sq_migrate_to(pl_sq_of(f->s), 10, NULL, NULL, &f->err), 0);
    pl_sq_set_actor(pl_sq_of(f->s), &tester);
    char *msg = NULL;
    int rc = sqlite3_exec(pl_sq_of(f->s)->db,
                          "INSERT INTO audit(at,actor,client,action,entity,entity_id) VALUES"
                          "('2024-01-01T00:00:00Z','a','1.2.3.4','read','person',5),"
                          "('2024-01-02T00:00:00Z','b','','update','person',5),"
                          "('2024-01-03T00:00:00Z','c','5.6.7.8','read','household',6);",
                          NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        fail_msg("seed v10: %s", msg ? msg : "?");
    assert_int_equal(pl_store_migrate(f->s, NULL, NULL, &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE action = 'read'"), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE action = 'update'"), 1);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_read WHERE actor = 'a' AND "
                                  "client = '1.2.3.4' AND entity = 'person' AND entity_id = 5 "
                                  "AND at = '2024-01-01T00:00:00Z'"),
                     1);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit_read"), 2);
    /* ...in the read-audit file, none in the data base. */
    assert_int_equal(count_sql(f, "SELECT count(*) FROM reads.audit_read"), 2);
    assert_int_equal(
        count_sql(f, "SELECT count(*) FROM main.sqlite_master WHERE name LIKE 'audit_read%'"), 0);
    /* The write audit is append-only again. */
    assert_int_not_equal(sqlite3_exec(pl_sq_of(f->s)->db, "DELETE FROM audit", NULL, NULL, NULL),
                         SQLITE_OK);
}

static void test_memberships(void **state)
{
    fx *f = *state;
    int64_t hh = add_household(f, "6474011506200001", "64.74.01.1001");
    int64_t pid = add_person(f, "6474011203850001", "Budi Santoso", hh);

    pl_membership m = mk_membership(pid, 0, 9, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &m, &f->err), 0);
    assert_true(m.id > 0);
    pl_membership dup = mk_membership(pid, 0, 9, "2021-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &dup, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "pmks");
    pl_membership hm = mk_membership(0, hh, 24, "2020-02-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &hm, &f->err), 0);
    /* Neither or both subjects; a bad category. */
    pl_membership bad = mk_membership(0, 0, 9, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &bad, &f->err), PL_EINVAL);
    bad = mk_membership(pid, hh, 9, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &bad, &f->err), PL_EINVAL);
    bad = mk_membership(pid, 0, 27, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &bad, &f->err), PL_EINVAL);
    bad = mk_membership(pid, 0, 8, "2020-01-01");
    snprintf(bad.valid_to, sizeof bad.valid_to, "2019-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &bad, &f->err), PL_EINVAL);

    /* End: before the start is refused, then a real end, then twice. */
    assert_int_equal(pl_store_membership_end(f->s, &tester, m.id, "2019-12-31", &f->err),
                     PL_EINVAL);
    assert_string_equal(f->err.field, "berlaku_sampai");
    assert_int_equal(pl_store_membership_end(f->s, &tester, m.id, "2022-06-30", &f->err), 0);
    assert_int_equal(pl_store_membership_end(f->s, &tester, m.id, "2023-01-01", &f->err),
                     PL_ECONFLICT);
    assert_int_equal(pl_store_membership_end(f->s, &tester, 999, "2023-01-01", &f->err),
                     PL_ENOTFOUND);
    /* After the end the same category can open again. */
    dup = mk_membership(pid, 0, 9, "2023-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &dup, &f->err), 0);

    mlist l = {0};
    assert_int_equal(pl_store_membership_list(f->s, pid, 0, collect_membership, &l, &f->err), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.m[0].id, m.id);
    assert_string_equal(l.m[0].valid_to, "2022-06-30");
    assert_string_equal(l.m[1].valid_from, "2023-01-01");
    assert_string_equal(l.m[1].valid_to, "");
    memset(&l, 0, sizeof l);
    assert_int_equal(pl_store_membership_list(f->s, 0, hh, collect_membership, &l, &f->err), 0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.m[0].category, 24);
    assert_int_equal(l.m[0].household_id, hh);

    /* ensure: open already -> unchanged; new -> inserted. */
    pl_upsert_outcome o;
    pl_membership e = mk_membership(0, hh, 24, "2024-01-01");
    assert_int_equal(pl_store_membership_ensure(f->s, &tester, &e, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UNCHANGED);
    e = mk_membership(pid, 0, 19, "2024-01-01");
    assert_int_equal(pl_store_membership_ensure(f->s, &tester, &e, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_INSERTED);
}

/* ------------------------------------------------------------------- PSKS */

typedef struct plist {
    int n;
    char name[8][128];
} plist;

static int collect_psks(void *ctx, const pl_psks_unit *u)
{
    plist *l = ctx;
    if (l->n < 8)
        snprintf(l->name[l->n], 128, "%s", u->name);
    l->n++;
    return 0;
}

static void add_psks(fx *f, int type, const char *kind, const char *name, const char *area)
{
    pl_psks_unit u;
    memset(&u, 0, sizeof u);
    u.type = type;
    snprintf(u.kind, sizeof u.kind, "%s", kind);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.area_code, sizeof u.area_code, "%s", area);
    assert_int_equal(pl_store_psks_add(f->s, &tester, &u, &f->err), 0);
    assert_true(u.id > 0);
    assert_int_equal(u.version, 1);
}

static void test_psks(void **state)
{
    fx *f = *state;
    add_psks(f, 11, "orang", "TKSK Bontang Utara", "64.74.01");
    add_psks(f, 5, "lembaga", "Karang Taruna Kuala", "64.74.01.1001");
    add_psks(f, 3, "orang", "Tagana Samarinda", "64.72");
    add_psks(f, 12, "lembaga", "CSR Kaltim", "64");
    pl_psks_unit u;
    memset(&u, 0, sizeof u);
    u.type = 11;
    snprintf(u.kind, sizeof u.kind, "orang");
    snprintf(u.name, sizeof u.name, "Entah");
    snprintf(u.area_code, sizeof u.area_code, "64.99");
    assert_int_equal(pl_store_psks_add(f->s, &tester, &u, &f->err), PL_EINVAL);
    assert_string_equal(f->err.field, "wilayah");

    plist l = {0};
    assert_int_equal(pl_store_psks_list(f->s, "", 0, collect_psks, &l, &f->err), 0);
    assert_int_equal(l.n, 4);
    memset(&l, 0, sizeof l);
    assert_int_equal(pl_store_psks_list(f->s, "64.74", 0, collect_psks, &l, &f->err), 0);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.name[0], "TKSK Bontang Utara"); /* by area code */
    memset(&l, 0, sizeof l);
    assert_int_equal(pl_store_psks_list(f->s, "64.7", 0, collect_psks, &l, &f->err), 0);
    assert_int_equal(l.n, 0); /* 64.7 is not a prefix of 64.74 at a dot */
    memset(&l, 0, sizeof l);
    assert_int_equal(pl_store_psks_list(f->s, "64.74", 5, collect_psks, &l, &f->err), 0);
    assert_int_equal(l.n, 1);
    assert_string_equal(l.name[0], "Karang Taruna Kuala");
    memset(&l, 0, sizeof l);
    assert_int_equal(pl_store_psks_list(f->s, "64", 0, collect_psks, &l, &f->err), 0);
    assert_int_equal(l.n, 4);
}

/* ----------------------------------------------------------------- search */

typedef struct found {
    int n;
    int64_t id[32];
    char name[32][128];
} found;

static int collect_person(void *ctx, const pl_person *p)
{
    found *k = ctx;
    if (k->n < 32) {
        k->id[k->n] = p->id;
        snprintf(k->name[k->n], 128, "%s", p->name);
    }
    k->n++;
    return 0;
}

static found search(fx *f, pl_person_query q)
{
    found k;
    memset(&k, 0, sizeof k);
    if (q.scope == NULL)
        q.scope = "";
    if (q.limit == 0)
        q.limit = 100;
    assert_int_equal(pl_store_person_search(f->s, &q, collect_person, &k, &f->err), 0);
    return k;
}

static void test_search(void **state)
{
    fx *f = *state;
    int64_t h1 = add_household(f, "6474011506200001", "64.74.01.1001");
    int64_t h2 = add_household(f, "6474011506200002", "64.74.01.1002");
    int64_t h3 = add_household(f, "6472011506200003", "64.72.01.1001");
    int64_t nur = add_person(f, "6474011203850001", "Muhammad Nur", h1);
    int64_t siti = add_person(f, "6474014506900002", "Siti Aminah", h1);
    int64_t wawan = add_person(f, "6474010101700003", "Hermawan Saputra", h2);
    int64_t nur2 = add_person(f, "6472011203850004", "Muhammad Nur Hasan", h3);
    int64_t rina = add_person(f, "6472015505800005", "Rina", h3);

    /* By NIK (fast path) and with filters that exclude it. */
    found k = search(f, (pl_person_query){.nik = "6474014506900002"});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], siti);
    k = search(f, (pl_person_query){.nik = "6474014506900002", .scope = "64.72"});
    assert_int_equal(k.n, 0);
    k = search(f, (pl_person_query){.nik = "6474014506900002", .state = "verified"});
    assert_int_equal(k.n, 0);
    k = search(f, (pl_person_query){.nik = "6474014506900002", .after_id = siti});
    assert_int_equal(k.n, 0);
    k = search(f, (pl_person_query){.nik = "6474014506900002", .category = 9});
    assert_int_equal(k.n, 0); /* she has no category 9 */
    k = search(f, (pl_person_query){.kk = "6474011506200001"});
    assert_int_equal(k.n, 2);

    /* By name, with spelling variants normalised. */
    k = search(f, (pl_person_query){.text = "Moh. Noor"});
    assert_int_equal(k.n, 2);
    assert_int_equal(k.id[0], nur);
    assert_int_equal(k.id[1], nur2);
    k = search(f, (pl_person_query){.text = "MUHAMMAD nur hasan"});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], nur2);
    k = search(f, (pl_person_query){.text = "sit"}); /* prefix */
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], siti);
    k = search(f, (pl_person_query){.text = "zainuddin"});
    assert_int_equal(k.n, 0);
    /* FTS syntax in the text is just text. */
    k = search(f, (pl_person_query){.text = "nur\" OR rina"});
    assert_true(k.n <= 2);
    pl_person_query bad = {.text = "...", .scope = "", .limit = 10};
    found dummy = {0};
    assert_int_equal(pl_store_person_search(f->s, &bad, collect_person, &dummy, &f->err),
                     PL_EINVAL);

    /* Scope: a Bontang caller never sees Samarinda. */
    k = search(f, (pl_person_query){.text = "muhammad", .scope = "64.74"});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], nur);
    k = search(f, (pl_person_query){.scope = "64.74"});
    assert_int_equal(k.n, 3);
    k = search(f, (pl_person_query){.scope = "64.7"});
    assert_int_equal(k.n, 0);
    k = search(f, (pl_person_query){.scope = "64.72", .region = "64.74"});
    assert_int_equal(k.n, 0);
    /* Region filter. */
    k = search(f, (pl_person_query){.region = "64.74.01.1002"});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], wawan);
    k = search(f, (pl_person_query){.region = "64.72"});
    assert_int_equal(k.n, 2);

    /* State filter. */
    assert_int_equal(pl_store_person_set_state(f->s, &tester, rina, "verified", NULL, &f->err), 0);
    k = search(f, (pl_person_query){.state = "verified"});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], rina);
    k = search(f, (pl_person_query){.state = "draft", .region = "64.72"});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], nur2);

    /* Category filter: person membership or household membership, open only. */
    pl_membership m = mk_membership(wawan, 0, 9, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &m, &f->err), 0);
    pl_membership hm = mk_membership(0, h1, 24, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &hm, &f->err), 0);
    pl_membership ended = mk_membership(rina, 0, 9, "2019-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &ended, &f->err), 0);
    assert_int_equal(pl_store_membership_end(f->s, &tester, ended.id, "2019-06-01", &f->err), 0);
    k = search(f, (pl_person_query){.category = 9});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], wawan);
    k = search(f, (pl_person_query){.category = 24});
    assert_int_equal(k.n, 2);
    k = search(f, (pl_person_query){.nik = "6474014506900002", .category = 24});
    assert_int_equal(k.n, 1); /* through her household */
    k = search(f, (pl_person_query){.category = 24, .scope = "64.72"});
    assert_int_equal(k.n, 0);

    /* Paging. */
    k = search(f, (pl_person_query){.region = "64", .limit = 2});
    assert_int_equal(k.n, 2);
    assert_int_equal(k.id[0], nur);
    assert_int_equal(k.id[1], siti);
    k = search(f, (pl_person_query){.region = "64", .limit = 2, .after_id = siti});
    assert_int_equal(k.n, 2);
    assert_int_equal(k.id[0], wawan);
    assert_int_equal(k.id[1], nur2);
    k = search(f, (pl_person_query){.region = "64", .limit = 2, .after_id = nur2});
    assert_int_equal(k.n, 1);
    assert_int_equal(k.id[0], rina);

    /* Renaming updates the name index. */
    pl_person p;
    assert_int_equal(pl_store_person_get(f->s, &p, wawan, &f->err), 0);
    snprintf(p.name, sizeof p.name, "Wawan Setiawan");
    assert_int_equal(pl_store_person_update(f->s, &tester, &p, &f->err), 0);
    k = search(f, (pl_person_query){.text = "hermawan"});
    assert_int_equal(k.n, 0);
    k = search(f, (pl_person_query){.text = "wawan"});
    assert_int_equal(k.n, 1);

    /* Members of a household, head first. */
    memset(&k, 0, sizeof k);
    assert_int_equal(pl_store_household_members(f->s, h1, collect_person, &k, &f->err), 0);
    assert_int_equal(k.n, 2);
}

/* ---------------------------------------------------------------- summary */

static void test_summary(void **state)
{
    fx *f = *state;
    int64_t h1 = add_household(f, "6474011506200001", "64.74.01.1001");
    int64_t h3 = add_household(f, "6472011506200003", "64.72.01.1001");
    int64_t a = add_person(f, "6474011203850001", "Muhammad Nur", h1);
    add_person(f, "6474014506900002", "Siti Aminah", h1);
    int64_t c = add_person(f, "6472011203850004", "Rina", h3);
    pl_membership m = mk_membership(a, 0, 9, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &m, &f->err), 0);
    m = mk_membership(0, h3, 24, "2020-01-01");
    assert_int_equal(pl_store_membership_add(f->s, &tester, &m, &f->err), 0);
    assert_int_equal(pl_store_person_set_state(f->s, &tester, c, "verified", NULL, &f->err), 0);
    add_psks(f, 11, "orang", "TKSK", "64.74.01");

    pl_store_summary s;
    assert_int_equal(pl_store_summary_get(f->s, &s, "", &f->err), 0);
    assert_int_equal(s.regions[4], 4);
    assert_int_equal(s.households, 2);
    assert_int_equal(s.people, 3);
    assert_int_equal(s.people_alive, 3);
    assert_int_equal(s.by_state[0], 2);
    assert_int_equal(s.by_state[1], 1);
    assert_int_equal(s.pmks_people[9], 1);
    assert_int_equal(s.pmks_people[24], 1);
    assert_int_equal(s.memberships_open, 2);
    assert_int_equal(s.psks_units, 1);
    assert_true(s.audit_rows > 0);

    assert_int_equal(pl_store_summary_get(f->s, &s, "64.74", &f->err), 0);
    assert_int_equal(s.households, 1);
    assert_int_equal(s.people, 2);
    assert_int_equal(s.by_state[1], 0);
    assert_int_equal(s.pmks_people[9], 1);
    assert_int_equal(s.pmks_people[24], 0);
    assert_int_equal(s.psks_units, 1);

    assert_int_equal(pl_store_summary_get(f->s, &s, "64.72", &f->err), 0);
    assert_int_equal(s.people, 1);
    assert_int_equal(s.pmks_people[24], 1);
    assert_int_equal(s.psks_units, 0);

    assert_int_equal(pl_store_summary_get(f->s, &s, "64.7", &f->err), 0);
    assert_int_equal(s.people, 0);
    assert_int_equal(s.households, 0);
}

/* ------------------------------------------------------------------- bulk */

static void test_bulk_upserts(void **state)
{
    fx *f = *state;
    pl_household h = mk_household("6474011506200001", "64.74.01.1001");
    int64_t id = 0, id2 = 0;
    pl_upsert_outcome o;
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &id, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_INSERTED);
    assert_true(id > 0);
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &id2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UNCHANGED);
    assert_int_equal(id2, id);
    /* A changed address: updated only when asked. */
    snprintf(h.address, sizeof h.address, "Jl. Baru 2");
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, false, "", &id2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UNCHANGED);
    pl_household g;
    assert_int_equal(pl_store_household_get(f->s, &g, id, &f->err), 0);
    assert_string_equal(g.address, "Jl. Mawar 1");
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &id2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UPDATED);
    assert_int_equal(pl_store_household_get(f->s, &g, id, &f->err), 0);
    assert_string_equal(g.address, "Jl. Baru 2");
    assert_int_equal(g.version, 2);
    /* Coordinates count as a change. */
    h.has_coord = true;
    h.lat = 0.13;
    h.lon = 117.49;
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &id2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UPDATED);
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &id2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UNCHANGED);
    /* Another village: conflict; outside scope: denied. */
    pl_household moved = h;
    snprintf(moved.village_code, sizeof moved.village_code, "64.74.01.1002");
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &moved, true, "", &id2, &o, &f->err),
                     PL_ECONFLICT);
    assert_string_equal(f->err.field, "kode_desa");
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "64.72", &id2, &o, &f->err),
                     PL_EDENIED);
    assert_int_equal(pl_store_household_get(f->s, &g, id, &f->err), 0);
    assert_string_equal(g.village_code, "64.74.01.1001");

    /* People. */
    pl_person p = mk_person("6474011203850001", "Budi Santoso", id);
    snprintf(p.village_code, sizeof p.village_code, "64.74.01.1001");
    int64_t pid = 0, pid2 = 0;
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "", &pid, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_INSERTED);
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "64.74", &pid2, &o, &f->err),
                     0);
    assert_int_equal(o, PL_UPSERT_UNCHANGED);
    assert_int_equal(pid2, pid);
    pl_person g2;
    assert_int_equal(pl_store_person_get(f->s, &g2, pid, &f->err), 0);
    assert_int_equal(g2.version, 1);
    /* The FTS index is filled by upserts too. */
    found k = search(f, (pl_person_query){.text = "budi"});
    assert_int_equal(k.n, 1);

    /* A verified person who changes returns to draft. */
    assert_int_equal(pl_store_person_set_state(f->s, &tester, pid, "verified", NULL, &f->err), 0);
    snprintf(p.name, sizeof p.name, "Budi Santosa");
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "", &pid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UPDATED);
    assert_int_equal(pl_store_person_get(f->s, &g2, pid, &f->err), 0);
    assert_string_equal(g2.name, "Budi Santosa");
    assert_string_equal(g2.state, "draft");
    assert_int_equal(g2.version, 3);
    k = search(f, (pl_person_query){.text = "santosa"});
    assert_int_equal(k.n, 1);
    k = search(f, (pl_person_query){.text = "santoso"});
    assert_int_equal(k.n, 0);
    /* Flags count as a change; an unchanged verified person stays verified. */
    assert_int_equal(pl_store_person_set_state(f->s, &tester, pid, "verified", NULL, &f->err), 0);
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "", &pid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UNCHANGED);
    assert_int_equal(pl_store_person_get(f->s, &g2, pid, &f->err), 0);
    assert_string_equal(g2.state, "verified");
    p.flags = PL_FLAG_NIK_BIRTHDATE;
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "", &pid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UPDATED);
    assert_int_equal(pl_store_person_get(f->s, &g2, pid, &f->err), 0);
    assert_int_equal(g2.flags, PL_FLAG_NIK_BIRTHDATE);
    /* Scope: a Samarinda importer may not touch a Bontang person. */
    snprintf(p.name, sizeof p.name, "Dari Samarinda");
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "64.72", &pid2, &o, &f->err),
                     PL_EDENIED);
    assert_string_equal(f->err.field, "nik");
    assert_int_equal(pl_store_person_get(f->s, &g2, pid, &f->err), 0);
    assert_string_equal(g2.name, "Budi Santosa");
    /* The update was audited with before and after. */
    assert_true(count_sql(f, "SELECT count(*) FROM audit WHERE entity='person' AND "
                             "action='update' AND before LIKE '%Budi Santoso%' AND "
                             "after LIKE '%Budi Santosa%'") == 1);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);
}

/* The bulk phases: inserts without triggers and checks, the rest deferred, all restored after. */
static void test_bulk_phases(void **state)
{
    fx *f = *state;
    pl_household h = mk_household("6474011506200001", "64.74.01.1001");
    int64_t hid = 0, hid2 = 0, pid = 0, pid2 = 0;
    pl_upsert_outcome o;
    assert_int_equal(pl_store_bulk_begin(f->s, 0, &f->err), 0);
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_bulk_phase(f->s, PL_BULK_INSERTS, &f->err), 0);
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &hid, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_INSERTED);
    pl_person p = mk_person("6474011203850001", "Budi Santoso", hid);
    snprintf(p.village_code, sizeof p.village_code, "64.74.01.1001");
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "", &pid, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_INSERTED);
    /* Existing rows wait for the update phase; an unchanged household needs nothing. */
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &hid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UNCHANGED);
    assert_int_equal(hid2, hid);
    snprintf(h.address, sizeof h.address, "Jl. Baru 2");
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &hid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_DEFERRED);
    assert_int_equal(hid2, hid);
    snprintf(p.name, sizeof p.name, "Budi Santosa");
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "", &pid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_DEFERRED);
    pl_membership m = {.person_id = pid, .category = 5, .valid_from = "2026-01-01"};
    assert_int_equal(pl_store_membership_ensure(f->s, &tester, &m, &o, &f->err), PL_EINTERNAL);
    /* Nothing was audited or indexed row by row. */
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE entity IN ('person',"
                                  "'household')"),
                     0);
    assert_int_equal(pl_store_bulk_phase(f->s, PL_BULK_UPDATES, &f->err), 0);
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &hid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UPDATED);
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p, NULL, "", &pid2, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_UPDATED);
    assert_int_equal(pid2, pid);
    assert_int_equal(pl_store_membership_ensure(f->s, &tester, &m, &o, &f->err), 0);
    assert_int_equal(o, PL_UPSERT_INSERTED);
    assert_int_equal(pl_store_bulk_flush(f->s, &f->err), 0);
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    /* Updates are audited with before and after; the flush indexed the new person. */
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE entity='person' AND "
                                  "action='update' AND before LIKE '%Budi Santoso%'"),
                     1);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE entity='household' AND "
                                  "action='update'"),
                     1);
    found k = search(f, (pl_person_query){.text = "santosa"});
    assert_int_equal(k.n, 1);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM residence"), 2);
    /* Leaving the insert phase for good (even from inside it) restores triggers and checks. */
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_bulk_phase(f->s, PL_BULK_INSERTS, &f->err), 0);
    assert_int_equal(pl_store_rollback(f->s), 0);
    assert_int_equal(pl_store_bulk_end(f->s, &f->err), 0);
    assert_int_not_equal(pl_sq_exec(pl_sq_of(f->s), "UPDATE person SET sex = 'X'", &f->err), 0);
    assert_int_equal(
        pl_sq_exec(pl_sq_of(f->s), "UPDATE person SET birth_place = 'Bontang'", &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit WHERE entity='person' AND "
                                  "action='update'"),
                     2);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);
}

/* The audit's hash chain: every row sealed, also in a bulk load's insert phase; tampering named. */
static void test_audit_chain(void **state)
{
    fx *f = *state;
    pl_audit_check ac;
    pl_audit_head h0, h1;
    assert_int_equal(pl_store_audit_verify(f->s, NULL, &ac, &f->err), 0);
    assert_int_equal(pl_store_audit_add(f->s, &tester, "note", "file", 0, NULL, "{}", &f->err), 0);
    assert_int_equal(pl_store_audit_head(f->s, &h0, &f->err), 0);
    assert_true(h0.id > 0);
    assert_int_equal(strlen(h0.hash), 2 * PL_AUDIT_HASH_LEN);
    /* An explicit row written while the connection's triggers are off is sealed all the same. */
    assert_int_equal(pl_store_bulk_begin(f->s, 0, &f->err), 0);
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_bulk_phase(f->s, PL_BULK_INSERTS, &f->err), 0);
    assert_int_equal(pl_store_audit_add(f->s, &tester, "import", "file", 0, NULL, "{}", &f->err),
                     0);
    assert_int_equal(pl_store_bulk_phase(f->s, PL_BULK_UPDATES, &f->err), 0);
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    assert_int_equal(pl_store_bulk_end(f->s, &f->err), 0);
    assert_int_equal(pl_store_audit_add(f->s, &tester, "note", "file", 0, NULL, "{}", &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM audit"),
                     count_sql(f, "SELECT count(*) FROM audit_chain"));
    assert_int_equal(pl_store_audit_verify(f->s, h0.hash, &ac, &f->err), 0);
    assert_int_equal(ac.anchor_id, h0.id);
    assert_int_equal(ac.rows, count_sql(f, "SELECT count(*) FROM audit"));
    assert_int_equal(pl_store_audit_head(f->s, &h1, &f->err), 0);
    assert_true(h1.id > h0.id);
    assert_string_not_equal(h1.hash, h0.hash);
    /* A malformed anchor is the caller's mistake; an unknown one a failed check. */
    assert_int_equal(pl_store_audit_verify(f->s, "abc", &ac, &f->err), PL_EINVAL);
    char zero[PL_AUDIT_HASH_HEX];
    memset(zero, '0', sizeof zero - 1);
    zero[sizeof zero - 1] = '\0';
    assert_int_equal(pl_store_audit_verify(f->s, zero, &ac, &f->err), PL_EIO);
    assert_non_null(strstr(f->err.message, "jangkar"));
    /* An audit row changed behind the store's back breaks the chain at that row. */
    assert_int_equal(pl_sq_exec(pl_sq_of(f->s),
                                "DROP TRIGGER audit_no_update; "
                                "UPDATE audit SET actor = 'lain' WHERE id = (SELECT min(id) FROM "
                                "audit)",
                                &f->err),
                     0);
    assert_int_equal(pl_store_audit_verify(f->s, NULL, &ac, &f->err), PL_EIO);
    /* The first problem named is the trigger that went missing; put back, the break shows. */
    assert_non_null(strstr(f->err.message, "audit_no_update"));
    assert_int_equal(pl_sq_exec(pl_sq_of(f->s),
                                "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
                                "SELECT RAISE(ABORT, 'audit rows are append-only'); END",
                                &f->err),
                     0);
    assert_int_equal(pl_store_audit_verify(f->s, NULL, &ac, &f->err), PL_EIO);
    char want[64];
    snprintf(want, sizeof want, "rantai putus di baris id %ld",
             count_sql(f, "SELECT min(id) FROM audit"));
    assert_non_null(strstr(f->err.message, want));
}

/* Many new people per statement: existing NIKs and repeats are left for the update phase. */
static void test_people_insert_new(void **state)
{
    fx *f = *state;
    pl_household h = mk_household("6474011506200001", "64.74.01.1001");
    int64_t hid = 0, old = 0;
    pl_upsert_outcome o;
    assert_int_equal(pl_store_household_upsert(f->s, &tester, &h, true, "", &hid, &o, &f->err), 0);
    pl_person p0 = mk_person("6474011203850007", "Sudah Ada", hid);
    snprintf(p0.village_code, sizeof p0.village_code, "64.74.01.1001");
    assert_int_equal(pl_store_person_upsert(f->s, &tester, &p0, NULL, "", &old, &o, &f->err), 0);
    enum { N = 37 }; /* two full groups and five single rows */
    pl_person people[N];
    const pl_person *rows[N];
    const char *norms[N];
    int64_t ids[N];
    for (int i = 0; i < N; i++) {
        char nik[17];
        snprintf(nik, sizeof nik, "64740112038500%02d", i == 30 ? 20 : i + 10);
        people[i] = mk_person(nik, "Warga Baru", hid);
        snprintf(people[i].village_code, sizeof people[i].village_code, "64.74.01.1001");
        rows[i] = &people[i];
        norms[i] = "WARGA BARU";
    }
    people[3] = p0; /* exists */
    assert_int_equal(pl_store_people_insert_new(f->s, &tester, rows, norms, N, ids, &f->err),
                     PL_EINTERNAL); /* only in the insert phase */
    assert_int_equal(pl_store_bulk_begin(f->s, 0, &f->err), 0);
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_bulk_phase(f->s, PL_BULK_INSERTS, &f->err), 0);
    assert_int_equal(pl_store_people_insert_new(f->s, &tester, rows, norms, N, ids, &f->err), 0);
    assert_int_equal(ids[3], 0);  /* NIK stored before */
    assert_int_equal(ids[30], 0); /* same NIK as row 10, earlier in the call */
    for (int i = 0; i < N; i++) {
        if (i == 3 || i == 30)
            continue;
        assert_true(ids[i] > old);
        pl_person got;
        assert_int_equal(pl_store_person_get(f->s, &got, ids[i], &f->err), 0);
        assert_string_equal(got.nik, people[i].nik);
        assert_int_equal(got.household_id, hid);
    }
    assert_int_equal(pl_store_bulk_phase(f->s, PL_BULK_UPDATES, &f->err), 0);
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    assert_int_equal(pl_store_bulk_end(f->s, &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person"), 1 + N - 2);
    /* The flush indexed every new person by name and residence. */
    assert_int_equal(count_sql(f, "SELECT count(*) FROM person_fts WHERE person_fts MATCH 'warga'"),
                     N - 2);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM residence WHERE person_id IS NOT NULL"),
                     1 + N - 2);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);
}

static void test_transactions(void **state)
{
    fx *f = *state;
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    assert_int_equal(pl_store_begin(f->s, &f->err), PL_EINTERNAL); /* no nesting */
    add_household(f, "6474011506200001", "64.74.01.1001");
    assert_int_equal(pl_store_rollback(f->s), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM household"), 0);
    assert_int_equal(pl_store_begin(f->s, &f->err), 0);
    add_household(f, "6474011506200001", "64.74.01.1001");
    assert_int_equal(pl_store_commit(f->s, &f->err), 0);
    assert_int_equal(count_sql(f, "SELECT count(*) FROM household"), 1);
    assert_int_equal(pl_store_integrity_check(f->s, &f->err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrate_from_empty, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_previous, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_newer_file_refused, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_open_not_a_database, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_regions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_households, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_without_nik, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_audit_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_read_audit, setup_empty, teardown),
        cmocka_unit_test_setup_teardown(test_memberships, setup, teardown),
        cmocka_unit_test_setup_teardown(test_psks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_upserts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_phases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_people_insert_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

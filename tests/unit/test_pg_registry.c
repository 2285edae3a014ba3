/*
 * test_pg_registry.c - the register's core on PostgreSQL against a real server: regions,
 * households, people, memberships, summaries, transfers and enrolments give the same answers
 * as on SQLite (one scenario run on both backends, its reads compared as text); a NIK moving
 * to another province through the store (the row changes partition, the registry, residence
 * history, memberships and audit follow, the NIK stays unique); two concurrent inserts of one
 * NIK end in the same 409 error as on SQLite; every way of inserting people (INSERT into the
 * table or a partition, COPY, MERGE, with or without the bulk load's switch) fills the
 * registry and is refused on a NIK held already; a refused write inside a caller's transaction
 * leaves that transaction usable, as on SQLite. Run by ctest as pg/test_pg_registry through
 * scripts/pg-cluster run (PILAR_PG_DIR, PILAR_PG_PORT); each test copies a migrated template
 * data base.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "http/http.h"
#include "store/enrolment.h"
#include "store/household.h"
#include "store/ident.h"
#include "store/membership.h"
#include "store/person.h"
#include "store/region.h"
#include "store/shared.h"
#include "store/pg/internal.h"
#include "store/store.h"
#include "store/summary.h"
#include "store/transfer.h"
#include "util/vec.h"

#include <jansson.h>

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *pg_dir, *pg_port;
static char admin_url[512];
static char template_db[64];

typedef struct fx {
    char db[64];
    char url[512];
    PGconn *admin; /* to the test's data base, as the superuser: what the test checks with */
    pl_store *s;   /* PostgreSQL */
    pl_store *q;   /* SQLite, for the parity checks */
    char dir[256];
    pl_error err;
} fx;

static const pl_actor WHO = {.user = "operator", .client = "test"};

static PGconn *connect_or_die(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect %s: %s", url, PQerrorMessage(c));
    return c;
}

static void sql_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
}

/* The first value of sql's answer as text (static buffer; "" for no row or NULL). */
static const char *sql_text(PGconn *c, const char *fmt, ...)
{
    static char out[1024];
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    snprintf(out, sizeof out, "%s", PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    return out;
}

static long sql_long(PGconn *c, const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    return atol(sql_text(c, "%s", sql));
}

static void db_url(char *out, size_t cap, const char *db)
{
    snprintf(out, cap, "postgresql://postgres@/%s?host=%s&port=%s", db, pg_dir, pg_port);
}

/* The tree both backends load: two provinces, each down to villages. */
static const pl_region REGIONS[] = {
    {"64", "", 1, "KALIMANTAN TIMUR"},
    {"64.72", "64", 2, "KOTA SAMARINDA"},
    {"64.72.01", "64.72", 3, "SAMARINDA ULU"},
    {"64.72.01.1001", "64.72.01", 4, "AIR HITAM"},
    {"64.72.01.1002", "64.72.01", 4, "AIR PUTIH"},
    {"64.72.02", "64.72", 3, "SAMARINDA ILIR"},
    {"64.72.02.1001", "64.72.02", 4, "SELILI"},
    {"11", "", 1, "ACEH"},
    {"11.09", "11", 2, "KABUPATEN SIMEULUE"},
    {"11.09.01", "11.09", 3, "TEUPAH SELATAN"},
    {"11.09.01.2001", "11.09.01", 4, "LATIUNG"},
};
#define N_REGIONS (sizeof REGIONS / sizeof REGIONS[0])

static void store_ok(fx *f, int rc, const char *what)
{
    if (rc)
        fail_msg("%s: %d %s (%s)", what, rc, f->err.message, f->err.field);
}

static void migrate_store(pl_store *s, pl_error *err)
{
    int from, to;
    if (pl_store_migrate(s, &from, &to, err))
        fail_msg("migrate: %s", err->message);
    if (pl_store_region_put_many(s, REGIONS, N_REGIONS, err))
        fail_msg("regions: %s", err->message);
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(template_db, sizeof template_db, "t_reg_tpl_%ld", (long)getpid());
    PGconn *c = connect_or_die(admin_url);
    char sql[128], url[512];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", template_db);
    sql_ok(c, sql);
    PQfinish(c);
    db_url(url, sizeof url, template_db);
    pl_store *s = NULL;
    pl_error err;
    pl_error_clear(&err);
    if (pl_store_open(&s, url, 0, &err))
        fail_msg("open: %s", err.message);
    migrate_store(s, &err);
    pl_store_close(s);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    PGconn *c = connect_or_die(admin_url);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", template_db);
    sql_ok(c, sql);
    PQfinish(c);
    return 0;
}

static int setup(void **state)
{
    static int n;
    fx *f = calloc(1, sizeof *f);
    snprintf(f->db, sizeof f->db, "t_reg_%ld_%d", (long)getpid(), ++n);
    db_url(f->url, sizeof f->url, f->db);
    PGconn *c = connect_or_die(admin_url);
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", f->db, template_db);
    sql_ok(c, sql);
    PQfinish(c);
    f->admin = connect_or_die(f->url);
    store_ok(f, pl_store_open(&f->s, f->url, 0, &f->err), "open");
    /* The same data on SQLite, in a folder of the test's own. */
    snprintf(f->dir, sizeof f->dir, "/tmp/pilar-pgreg-XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        fail_msg("mkdtemp");
    char path[300];
    snprintf(path, sizeof path, "%s/pilar.db", f->dir);
    store_ok(f, pl_store_open(&f->q, path, PL_STORE_CREATE, &f->err), "open sqlite");
    migrate_store(f->q, &f->err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->s);
    pl_store_close(f->q);
    pl_test_rmtree(f->dir);
    PQfinish(f->admin);
    PGconn *c = connect_or_die(admin_url);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", f->db);
    sql_ok(c, sql);
    PQfinish(c);
    free(f);
    return 0;
}

static pl_person person(const char *nik, int64_t household, const char *village, const char *name,
                        const char *birth, char sex, const char *rel)
{
    pl_person p;
    memset(&p, 0, sizeof p);
    snprintf(p.nik, sizeof p.nik, "%s", nik);
    p.household_id = household;
    snprintf(p.village_code, sizeof p.village_code, "%s", village);
    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.birth_date, sizeof p.birth_date, "%s", birth);
    p.sex = sex;
    snprintf(p.relationship, sizeof p.relationship, "%s", rel);
    return p;
}

/* ------------------------------------------------------------- parity with SQLite */

typedef struct dump {
    char *b;
    size_t n, cap;
} dump;

static void say(dump *d, const char *fmt, ...)
{
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (pl_vec_reserve(&d->b, &d->cap, d->n, (size_t)n + 2))
        return;
    memcpy(d->b + d->n, line, (size_t)n);
    d->n += (size_t)n;
    d->b[d->n++] = '\n';
    d->b[d->n] = '\0';
}

static int say_region(void *ctx, const pl_region *r)
{
    say(ctx, "region %s|%s|%d|%s", r->code, r->parent, r->level, r->name);
    return 0;
}

static int say_person(void *ctx, const pl_person *p)
{
    say(ctx, "person %lld|%s|%lld|%s|%s|%s|%s|%c|%s|%s|%s|%d:%.6f:%.6f|%s|%s|%s|%u|%lld|%s",
        (long long)p->id, p->nik, (long long)p->household_id, p->kk, p->name, p->birth_place,
        p->birth_date, p->sex ? p->sex : '-', p->relationship, p->death_date, p->disability,
        p->has_coord, p->lat, p->lon, p->village_code, p->state, p->state_reason, p->flags,
        (long long)p->version, p->no_nik_reason);
    return 0;
}

static int say_household(void *ctx, const pl_household *h)
{
    say(ctx, "household %lld|%s|%s|%s|%s|%s|%d|%s|%lld", (long long)h->id, h->kk, h->village_code,
        h->address, h->rt, h->rw, h->has_coord, h->state, (long long)h->version);
    return 0;
}

static int say_membership(void *ctx, const pl_membership *m)
{
    say(ctx, "membership %lld|%lld|%lld|%d|%s|%s|%s", (long long)m->id, (long long)m->person_id,
        (long long)m->household_id, m->category, m->valid_from, m->valid_to, m->note);
    return 0;
}

static int say_nonik(void *ctx, const pl_nonik_count *c)
{
    say(ctx, "nonik %s %ld", c->reason, c->people);
    return 0;
}

static int say_village(void *ctx, const pl_village_summary *v)
{
    say(ctx, "village %s hh=%ld people=%ld alive=%ld nonik=%ld state=%ld/%ld/%ld", v->village,
        v->households, v->people, v->people_alive, v->without_nik, v->by_state[0], v->by_state[1],
        v->by_state[2]);
    return 0;
}

static int say_transfer(void *ctx, const pl_transfer *t)
{
    say(ctx, "transfer %lld|%s|%s|%s|%s|%s|%s|%lld|%lld|%s|%s|%s|%s|%s", (long long)t->id,
        t->status, t->kind, t->nik, t->kk, t->target_village, t->owner_village,
        (long long)t->person_id, (long long)t->household_id, t->submitter, t->source, t->record,
        t->resolved_by, t->reason);
    return 0;
}

static int say_enrolment(void *ctx, const pl_enrolment_row *e)
{
    say(ctx, "enrolment %lld|%lld|%lld|%s|%s|%s|%s|%s", (long long)e->id, (long long)e->program_id,
        (long long)e->household_id, e->program, e->program_name, e->period, e->valid_from,
        e->valid_to);
    return 0;
}

/*
 * An answer: code, message, field, HTTP status. The generic messages of a refused constraint
 * end with the data base's own words ("data sudah ada (person): UNIQUE constraint failed: ..."),
 * which differ between the engines: only their start is compared.
 */
static void say_error(dump *d, const char *what, int rc, const pl_error *err)
{
    const char *m = rc ? err->message : "";
    int len = (int)strlen(m);
    if (strncmp(m, "data sudah ada (", 16) == 0 ||
        strncmp(m, "data tidak memenuhi aturan (", 28) == 0)
        len = (int)(strstr(m, "): ") ? strstr(m, "): ") - m + 1 : len);
    say(d, "%s -> %d %.*s [%s] http %d", what, rc, len, m, rc ? err->field : "",
        rc ? pl_http_status_for(rc, err->field) : 200);
}

static void search(dump *d, pl_store *s, pl_person_query q, const char *what)
{
    pl_error err;
    pl_error_clear(&err);
    say(d, "search %s", what);
    int rc = pl_store_person_search(s, &q, say_person, d, &err);
    if (rc)
        say_error(d, what, rc, &err);
}

/* Writes the same register on s and reads it back into d (ids, answers, errors, order). */
static void scenario(pl_store *s, dump *d)
{
    pl_error err;
    pl_error_clear(&err);
    int rc;
#define TRY(WHAT, CALL)                                                                            \
    do {                                                                                           \
        pl_error_clear(&err);                                                                      \
        rc = (CALL);                                                                               \
        say_error(d, WHAT, rc, &err);                                                              \
    } while (0)
    /* Regions: again with a renamed village (the upsert), lookups, listings, search. */
    pl_region renamed[N_REGIONS];
    memcpy(renamed, REGIONS, sizeof renamed);
    snprintf(renamed[4].name, sizeof renamed[4].name, "AIR PUTIH BARU");
    TRY("region put", pl_store_region_put_many(s, renamed, N_REGIONS, &err));
    pl_region r;
    TRY("region get", pl_store_region_get(s, &r, "64.72.01.1002", &err));
    say_region(d, &r);
    TRY("region get missing", pl_store_region_get(s, &r, "64.99", &err));
    long counts[5];
    TRY("region counts", pl_store_region_counts(s, counts, &err));
    say(d, "counts %ld %ld %ld %ld", counts[1], counts[2], counts[3], counts[4]);
    TRY("children top", pl_store_region_children(s, "", say_region, d, &err));
    TRY("children 64.72", pl_store_region_children(s, "64.72", say_region, d, &err));
    TRY("search samarinda", pl_store_region_search(s, "samarinda", 10, say_region, d, &err));
    TRY("search 64.72.0", pl_store_region_search(s, "64.72.0", 2, say_region, d, &err));
    TRY("search a_r", pl_store_region_search(s, "a_r", 10, say_region, d, &err));
    TRY("list 4 in 64.72", pl_store_region_list(s, 4, "64.72", say_region, d, &err));
    TRY("list 4 in 64.7", pl_store_region_list(s, 4, "64.7", say_region, d, &err));

    /* Households and people. */
    pl_household h = {0};
    snprintf(h.kk, sizeof h.kk, "6472010101010001");
    snprintf(h.village_code, sizeof h.village_code, "64.72.01.1001");
    snprintf(h.address, sizeof h.address, "Jl. Pahlawan 1");
    snprintf(h.rt, sizeof h.rt, "001");
    TRY("household add", pl_store_household_add(s, &WHO, &h, &err));
    say_household(d, &h);
    pl_household h2 = h;
    TRY("household add again", pl_store_household_add(s, &WHO, &h2, &err));
    snprintf(h2.village_code, sizeof h2.village_code, "64.72.01");
    snprintf(h2.kk, sizeof h2.kk, "6472010101010009");
    TRY("household add district", pl_store_household_add(s, &WHO, &h2, &err));
    pl_household hb = {0};
    snprintf(hb.kk, sizeof hb.kk, "1109010101010002");
    snprintf(hb.village_code, sizeof hb.village_code, "11.09.01.2001");
    hb.has_coord = true;
    hb.lat = 2.6;
    hb.lon = 96.1;
    TRY("household add aceh", pl_store_household_add(s, &WHO, &hb, &err));

    pl_person head = person("6472010101800001", h.id, "", "H. Budi Santoso, S.Pd.", "1980-01-01",
                            'L', "kepala_keluarga");
    TRY("head add", pl_store_person_add(s, &WHO, &head, &err));
    pl_person child =
        person("6472010101100003", h.id, "", "Rahmat Hidayat", "2010-05-05", 'L', "anak");
    TRY("child add", pl_store_person_add(s, &WHO, &child, &err));
    pl_person baby = person("", h.id, "", "Bayi Santoso", "", 'P', "anak");
    TRY("baby add", pl_store_person_add(s, &WHO, &baby, &err));
    pl_person wife =
        person("6472014101820002", h.id, "", "Siti Rahmawati", "1982-01-01", 'P', "istri_suami");
    TRY("wife add", pl_store_person_add(s, &WHO, &wife, &err));
    pl_person dup = person("6472014101820002", 0, "64.72.02.1001", "Siti Lain", "", 'P', "");
    TRY("duplicate NIK", pl_store_person_add(s, &WHO, &dup, &err));
    pl_person bad = person("6472014101820005", 0, "64.72.02", "Siti Lain", "", 'P', "");
    TRY("district as village", pl_store_person_add(s, &WHO, &bad, &err));
    bad = person("6472014101820005", 99, "", "Siti Lain", "", 'P', "");
    TRY("unknown household", pl_store_person_add(s, &WHO, &bad, &err));
    pl_person alone =
        person("1109016505900004", 0, "11.09.01.2001", "Rahma Dewi", "1990-05-25", 'P', "");
    alone.has_coord = true;
    alone.lat = 2.61;
    alone.lon = 96.12;
    TRY("alone add", pl_store_person_add(s, &WHO, &alone, &err));
    pl_person nonik = person("", 0, "64.72.02.1001", "Tuna Wisma", "", 'L', "");
    snprintf(nonik.no_nik_reason, sizeof nonik.no_nik_reason, "tunawisma");
    TRY("nonik add", pl_store_person_add(s, &WHO, &nonik, &err));
    say_person(d, &nonik);

    /* Updates: the version, a stale one, a NIK taken, the state. */
    pl_person p = child;
    snprintf(p.birth_place, sizeof p.birth_place, "Samarinda");
    TRY("child update", pl_store_person_update(s, &WHO, &p, &err));
    say_person(d, &p);
    pl_person old = child;
    TRY("child update stale", pl_store_person_update(s, &WHO, &old, &err));
    snprintf(p.nik, sizeof p.nik, "%s", head.nik);
    TRY("child takes head's NIK", pl_store_person_update(s, &WHO, &p, &err));
    pl_person ghost = child;
    ghost.id = 999;
    TRY("update missing", pl_store_person_update(s, &WHO, &ghost, &err));
    TRY("state verified",
        pl_store_person_set_state(s, &WHO, head.id, PL_STATE_VERIFIED, NULL, &err));
    TRY("state rejected no reason",
        pl_store_person_set_state(s, &WHO, wife.id, PL_STATE_REJECTED, NULL, &err));
    TRY("state rejected",
        pl_store_person_set_state(s, &WHO, wife.id, PL_STATE_REJECTED, "data ganda", &err));
    TRY("state odd", pl_store_person_set_state(s, &WHO, wife.id, "odd", NULL, &err));
    TRY("state missing", pl_store_person_set_state(s, &WHO, 999, PL_STATE_DRAFT, NULL, &err));
    pl_person got;
    TRY("get by id", pl_store_person_get(s, &got, wife.id, &err));
    say_person(d, &got);
    TRY("get by nik", pl_store_person_get_by_nik(s, &got, head.nik, &err));
    say_person(d, &got);
    TRY("get missing", pl_store_person_get(s, &got, 999, &err));
    TRY("get missing nik", pl_store_person_get_by_nik(s, &got, "6472010101800099", &err));
    char by[64];
    TRY("created_by", pl_store_person_created_by(s, by, sizeof by, head.id, &err));
    say(d, "created_by %s", by);
    TRY("created_by missing", pl_store_person_created_by(s, by, sizeof by, 999, &err));
    TRY("members", pl_store_household_members(s, h.id, say_person, d, &err));

    /* Households: get, stale update, update. */
    pl_household hh;
    TRY("household get", pl_store_household_get(s, &hh, h.id, &err));
    say_household(d, &hh);
    TRY("household by kk", pl_store_household_get_by_kk(s, &hh, hb.kk, &err));
    say_household(d, &hh);
    TRY("household missing", pl_store_household_get(s, &hh, 999, &err));
    TRY("household missing kk", pl_store_household_get_by_kk(s, &hh, "6472010101019999", &err));
    pl_household up = h;
    snprintf(up.village_code, sizeof up.village_code, "64.72.01.1002");
    up.has_coord = true;
    up.lat = -0.5;
    up.lon = 117.15;
    TRY("household move in province", pl_store_household_update(s, &WHO, &up, &err));
    say_household(d, &up);
    pl_household stale_h = h;
    TRY("household stale", pl_store_household_update(s, &WHO, &stale_h, &err));
    TRY("members after move", pl_store_household_members(s, h.id, say_person, d, &err));
    pl_household h3 = {0};
    snprintf(h3.kk, sizeof h3.kk, "6472020101010003");
    snprintf(h3.village_code, sizeof h3.village_code, "64.72.02.1001");
    TRY("household add unlocated", pl_store_household_add(s, &WHO, &h3, &err));
    long total = 0;
    TRY("unlocated in 11",
        pl_store_household_unlocated(s, "11", 0, 10, &total, say_household, d, &err));
    say(d, "unlocated total %ld", total);
    TRY("unlocated", pl_store_household_unlocated(s, "", 0, 10, &total, say_household, d, &err));
    say(d, "unlocated total %ld", total);
    TRY("unlocated limit",
        pl_store_household_unlocated(s, "", 0, 0, &total, say_household, d, &err));

    /* Memberships. */
    pl_membership m = {.person_id = child.id, .category = 3};
    snprintf(m.valid_from, sizeof m.valid_from, "2024-01-01");
    snprintf(m.note, sizeof m.note, "catatan");
    TRY("membership add", pl_store_membership_add(s, &WHO, &m, &err));
    pl_membership m2 = m;
    TRY("membership again", pl_store_membership_add(s, &WHO, &m2, &err));
    pl_membership mh = {.household_id = h.id, .category = 10};
    snprintf(mh.valid_from, sizeof mh.valid_from, "2024-02-01");
    TRY("membership household", pl_store_membership_add(s, &WHO, &mh, &err));
    pl_membership ma = {.person_id = alone.id, .category = 3};
    snprintf(ma.valid_from, sizeof ma.valid_from, "2023-01-01");
    TRY("membership aceh", pl_store_membership_add(s, &WHO, &ma, &err));
    TRY("membership end early", pl_store_membership_end(s, &WHO, m.id, "2023-12-31", &err));
    TRY("membership end", pl_store_membership_end(s, &WHO, m.id, "2024-06-30", &err));
    TRY("membership end again", pl_store_membership_end(s, &WHO, m.id, "2024-07-30", &err));
    TRY("membership end missing", pl_store_membership_end(s, &WHO, 999, "2024-07-30", &err));
    TRY("membership list person",
        pl_store_membership_list(s, child.id, 0, say_membership, d, &err));
    TRY("membership list both",
        pl_store_membership_list(s, child.id, h.id, say_membership, d, &err));

    /* Searches. */
    search(d, s, (pl_person_query){.text = "rahma", .scope = ""}, "rahma");
    search(d, s, (pl_person_query){.text = "Siti  RAHMA", .scope = ""}, "siti rahma");
    search(d, s, (pl_person_query){.text = "ati", .scope = ""}, "ati (no word starts so)");
    search(d, s, (pl_person_query){.text = "rahma", .scope = "64"}, "rahma in 64");
    search(d, s, (pl_person_query){.text = "rahma", .scope = "64", .region = "11"},
           "rahma in 64 region 11");
    search(d, s, (pl_person_query){.text = "...", .scope = ""}, "unreadable");
    search(d, s, (pl_person_query){.scope = "", .limit = 2}, "limit 2");
    search(d, s, (pl_person_query){.scope = "", .limit = 2, .after_id = 2}, "after 2");
    search(d, s, (pl_person_query){.nik = head.nik, .scope = ""}, "nik");
    search(d, s, (pl_person_query){.nik = head.nik, .scope = "11"}, "nik out of scope");
    search(d, s, (pl_person_query){.nik = head.nik, .scope = "", .state = "draft"}, "nik in draft");
    search(d, s, (pl_person_query){.kk = h.kk, .scope = ""}, "kk");
    search(d, s, (pl_person_query){.scope = "", .category = 10}, "category 10 (household)");
    search(d, s, (pl_person_query){.scope = "", .category = 3}, "category 3 open");
    search(d, s, (pl_person_query){.scope = "", .without_nik = true}, "without nik");
    search(d, s, (pl_person_query){.scope = "", .no_nik_reason = "tunawisma"}, "tunawisma");
    search(d, s, (pl_person_query){.scope = "", .flags_any = PL_FLAG_NO_NIK}, "flag no nik");
    search(d, s, (pl_person_query){.scope = "", .state = "rejected"}, "rejected");
    search(d, s, (pl_person_query){.scope = "64.72.01.1002"}, "village");
    TRY("nonik counts", pl_store_person_nonik_counts(s, "", NULL, say_nonik, d, &err));
    TRY("nonik counts 11", pl_store_person_nonik_counts(s, "", "11", say_nonik, d, &err));
    TRY("candidates",
        pl_store_person_nonik_candidates(s, h.id, "64.72.02.1001", "", say_person, d, &err));
    TRY("candidates by birth",
        pl_store_person_nonik_candidates(s, 0, "11.09.01.2001", "1990-05-25", say_person, d, &err));

    /* Summaries. */
    pl_store_summary sum;
    for (int k = 0; k < 3; k++) {
        const char *scope = k == 0 ? "" : k == 1 ? "64" : "11.09";
        TRY(scope, pl_store_summary_get(s, &sum, scope, &err));
        say(d,
            "summary %s: hh=%ld people=%ld alive=%ld nonik=%ld open=%ld states=%ld/%ld/%ld "
            "pmks3=%ld pmks10=%ld",
            scope, sum.households, sum.people, sum.people_alive, sum.without_nik,
            sum.memberships_open, sum.by_state[0], sum.by_state[1], sum.by_state[2],
            sum.pmks_people[3], sum.pmks_people[10]);
        TRY("by village", pl_store_summary_by_village(s, scope, say_village, d, &err));
    }

    /* Transfers. */
    pl_transfer t = {0};
    snprintf(t.kind, sizeof t.kind, "nik");
    snprintf(t.nik, sizeof t.nik, "%s", alone.nik);
    snprintf(t.kk, sizeof t.kk, "6472010101010005");
    snprintf(t.name, sizeof t.name, "Rahma Dewi");
    snprintf(t.target_village, sizeof t.target_village, "64.72.02.1001");
    snprintf(t.owner_village, sizeof t.owner_village, "11.09.01.2001");
    t.person_id = alone.id;
    snprintf(t.submitter, sizeof t.submitter, "desa_selili");
    snprintf(t.submitter_scope, sizeof t.submitter_scope, "64.72.02.1001");
    snprintf(t.source, sizeof t.source, "api");
    json_t *rec = json_pack("{s:s}", "nik", alone.nik);
    char *rec_text = json_dumps(rec, JSON_COMPACT);
    assert_non_null(rec_text);
    snprintf(t.record, sizeof t.record, "%s", rec_text);
    free(rec_text);
    json_decref(rec);
    TRY("transfer add", pl_store_transfer_add(s, &WHO, &t, &err));
    pl_transfer t2 = t;
    snprintf(t2.record, sizeof t2.record, "{not json");
    TRY("transfer bad json", pl_store_transfer_add(s, &WHO, &t2, &err));
    pl_transfer t3 = t;
    t3.person_id = 0;
    snprintf(t3.kind, sizeof t3.kind, "kk");
    TRY("transfer add kk", pl_store_transfer_add(s, &WHO, &t3, &err));
    TRY("transfer resolve odd", pl_store_transfer_resolve(s, &WHO, t.id, "odd", NULL, &err));
    TRY("transfer resolve",
        pl_store_transfer_resolve(s, &WHO, t.id, PL_TRANSFER_MOVED, "sudah pindah", &err));
    TRY("transfer resolve again",
        pl_store_transfer_resolve(s, &WHO, t.id, PL_TRANSFER_DIFFERENT, NULL, &err));
    TRY("transfer resolve missing",
        pl_store_transfer_resolve(s, &WHO, 999, PL_TRANSFER_DIFFERENT, NULL, &err));
    pl_transfer tg;
    TRY("transfer get", pl_store_transfer_get(s, &tg, t.id, &err));
    say_transfer(d, &tg);
    TRY("transfer get missing", pl_store_transfer_get(s, &tg, 999, &err));
    pl_transfer_query tq = {.owner_scope = "11", .limit = 10};
    TRY("transfer list owner", pl_store_transfer_list(s, &tq, say_transfer, d, &err));
    tq = (pl_transfer_query){.owner_scope = NULL,
                             .submitter = "desa_selili",
                             .limit = 10,
                             .status = PL_TRANSFER_WAITING};
    TRY("transfer list submitter", pl_store_transfer_list(s, &tq, say_transfer, d, &err));
    tq = (pl_transfer_query){.owner_scope = "64", .limit = 10};
    TRY("transfer list other owner", pl_store_transfer_list(s, &tq, say_transfer, d, &err));

    /* Enrolments and accounts (one program written straight into the table). */
    long n = -1;
    TRY("enrolment count", pl_store_enrolment_count(s, 1, "2024-01", &n, &err));
    say(d, "enrolled %ld", n);
    TRY("account add", pl_store_account_add(s, &WHO, h.id, 0, "123", "BRI", "Budi", &err));
    TRY("account add bad", pl_store_account_add(s, &WHO, 0, 0, "123", NULL, NULL, &err));
#undef TRY
}

/* The audit as the test compares it: action, entity, entity id, in order (no images). */
static void say_audit_pg(dump *d, PGconn *c)
{
    PGresult *r = PQexec(c, "SELECT action || ' ' || entity || ' ' || coalesce(entity_id, 0) "
                            "|| ' ' || actor FROM audit WHERE entity NOT IN ('region') "
                            "ORDER BY id");
    for (int i = 0; i < PQntuples(r); i++)
        say(d, "audit %s", PQgetvalue(r, i, 0));
    PQclear(r);
}

static void test_same_answers_as_sqlite(void **state)
{
    fx *f = *state;
    dump a = {0}, b = {0};
    scenario(f->s, &a);
    scenario(f->q, &b);
    if (getenv("PILAR_TEST_VERBOSE"))
        fprintf(stderr, "%s", a.b);
    if (strcmp(a.b, b.b) != 0) {
        /* Show the first line that differs. */
        const char *x = a.b, *y = b.b;
        while (*x && *x == *y)
            x++, y++;
        while (x > a.b && x[-1] != '\n')
            x--, y--;
        fail_msg("PostgreSQL and SQLite differ:\npg:     %.300s\nsqlite: %.300s", x, y);
    }
    /* A few answers the comparison alone would not pin down. */
    assert_non_null(strstr(a.b, "duplicate NIK -> -"));
    assert_non_null(strstr(a.b, "NIK 6472014101820002 sudah terdaftar [nik] http 409"));
    assert_non_null(strstr(a.b, "child update stale -> "));
    assert_non_null(strstr(a.b, "[version] http 409"));
    assert_non_null(strstr(a.b, "search ati (no word starts so)\nsearch"));
    /* The audit rows the triggers and the store wrote: one per change, same order. */
    dump pa = {0};
    say_audit_pg(&pa, f->admin);
    assert_non_null(strstr(pa.b, "insert person 1 operator"));
    assert_non_null(strstr(pa.b, "transfer_submit transfer 1 operator"));
    assert_non_null(strstr(pa.b, "transfer_pindah transfer 1 operator"));
    assert_null(strstr(pa.b, "delete"));
    free(a.b);
    free(b.b);
    free(pa.b);
}

/* ------------------------------------------------------------- moving between provinces */

static const char *partition_of(fx *f, const char *table, int64_t id)
{
    return sql_text(f->admin, "SELECT tableoid::regclass::text FROM %s WHERE id = %lld", table,
                    (long long)id);
}

static void test_nik_moves_between_provinces(void **state)
{
    fx *f = *state;
    pl_person p = person("6472015505900001", 0, "64.72.01.1001", "Nur Aini", "1990-05-15", 'P', "");
    store_ok(f, pl_store_person_add(f->s, &WHO, &p, &f->err), "add");
    pl_membership m = {.person_id = p.id, .category = 3};
    snprintf(m.valid_from, sizeof m.valid_from, "2024-01-01");
    store_ok(f, pl_store_membership_add(f->s, &WHO, &m, &f->err), "membership");
    assert_string_equal(partition_of(f, "person", p.id), "person_64");
    assert_string_equal(partition_of(f, "membership", m.id), "membership_64");
    long audit_before = sql_long(f->admin, "SELECT count(*) FROM audit");

    /* The move: a village of Aceh. */
    snprintf(p.village_code, sizeof p.village_code, "11.09.01.2001");
    store_ok(f, pl_store_person_update(f->s, &WHO, &p, &f->err), "move");
    assert_string_equal(p.village_code, "11.09.01.2001");
    assert_int_equal(p.version, 2);
    assert_string_equal(partition_of(f, "person", p.id), "person_11");
    assert_int_equal(
        sql_long(f->admin, "SELECT count(*) FROM person WHERE id = %lld", (long long)p.id), 1);
    assert_string_equal(sql_text(f->admin,
                                 "SELECT nik || ' ' || prov FROM person_key "
                                 "WHERE id = %lld",
                                 (long long)p.id),
                        "6472015505900001 11");
    /* The membership follows its subject into the new province's partition. */
    assert_string_equal(partition_of(f, "membership", m.id), "membership_11");
    assert_string_equal(
        sql_text(f->admin, "SELECT prov FROM membership WHERE id = %lld", (long long)m.id), "11");
    /* The residence history: the old village closed, the new one open. */
    assert_int_equal(sql_long(f->admin,
                              "SELECT count(*) FROM residence WHERE person_id = %lld AND "
                              "village_code = '64.72.01.1001' AND valid_to IS NOT NULL",
                              (long long)p.id),
                     1);
    assert_int_equal(sql_long(f->admin,
                              "SELECT count(*) FROM residence WHERE person_id = %lld AND "
                              "village_code = '11.09.01.2001' AND valid_to IS NULL",
                              (long long)p.id),
                     1);
    /* One audit row, an update with the old and the new village (no delete, no insert; the
     * membership that only followed writes none). */
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM audit WHERE id > %ld", audit_before),
                     1);
    assert_string_equal(
        sql_text(f->admin,
                 "SELECT action || ' ' || entity || ' ' || (before::json->>'village_code') || "
                 "' ' || (after::json->>'village_code') || ' ' || actor FROM audit WHERE id > %ld",
                 audit_before),
        "update person 64.72.01.1001 11.09.01.2001 operator");

    /* The store finds the person in the new province, by id, NIK, search and membership. */
    pl_person got;
    store_ok(f, pl_store_person_get_by_nik(f->s, &got, p.nik, &f->err), "get by nik");
    assert_int_equal(got.id, p.id);
    assert_string_equal(got.village_code, "11.09.01.2001");
    store_ok(f, pl_store_person_get(f->s, &got, p.id, &f->err), "get");
    assert_string_equal(got.village_code, "11.09.01.2001");
    dump d = {0};
    pl_person_query q = {.nik = p.nik, .scope = "11"};
    store_ok(f, pl_store_person_search(f->s, &q, say_person, &d, &f->err), "search");
    q = (pl_person_query){.text = "nur aini", .scope = "11"};
    store_ok(f, pl_store_person_search(f->s, &q, say_person, &d, &f->err), "search name");
    q = (pl_person_query){.text = "nur aini", .scope = "64"};
    store_ok(f, pl_store_person_search(f->s, &q, say_person, &d, &f->err), "search name in 64");
    /* Found twice in Aceh (by NIK and by name), never in Kalimantan Timur. */
    assert_non_null(d.b);
    const char *first = strstr(d.b, "6472015505900001");
    assert_non_null(first);
    assert_non_null(strstr(first + 1, "6472015505900001"));
    assert_null(strstr(strstr(first + 1, "6472015505900001") + 1, "6472015505900001"));
    free(d.b);
    d = (dump){0};
    store_ok(f, pl_store_membership_list(f->s, p.id, 0, say_membership, &d, &f->err), "list");
    assert_non_null(d.b);
    assert_non_null(strstr(d.b, "|3|2024-01-01|"));
    free(d.b);
    pl_store_summary sum;
    store_ok(f, pl_store_summary_get(f->s, &sum, "11", &f->err), "summary 11");
    assert_int_equal(sum.people, 1);
    assert_int_equal(sum.pmks_people[3], 1);
    store_ok(f, pl_store_summary_get(f->s, &sum, "64", &f->err), "summary 64");
    assert_int_equal(sum.people, 0);
    assert_int_equal(sum.pmks_people[3], 0);

    /* The NIK stays unique across the partitions: not again in the old province, nor the new. */
    pl_person again = person(p.nik, 0, "64.72.01.1001", "Nur Aini", "1990-05-15", 'P', "");
    assert_int_equal(pl_store_person_add(f->s, &WHO, &again, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "nik");
    assert_string_equal(f->err.message, "NIK 6472015505900001 sudah terdaftar");
    snprintf(again.village_code, sizeof again.village_code, "11.09.01.2001");
    assert_int_equal(pl_store_person_add(f->s, &WHO, &again, &f->err), PL_ECONFLICT);

    /* And back, in a household that moves: its members and its memberships go along. */
    pl_household h = {0};
    snprintf(h.kk, sizeof h.kk, "1109010101010007");
    snprintf(h.village_code, sizeof h.village_code, "11.09.01.2001");
    store_ok(f, pl_store_household_add(f->s, &WHO, &h, &f->err), "household");
    p.household_id = h.id;
    store_ok(f, pl_store_person_update(f->s, &WHO, &p, &f->err), "join household");
    pl_membership mh = {.household_id = h.id, .category = 10};
    snprintf(mh.valid_from, sizeof mh.valid_from, "2024-01-01");
    store_ok(f, pl_store_membership_add(f->s, &WHO, &mh, &f->err), "household membership");
    assert_string_equal(partition_of(f, "membership", mh.id), "membership_11");
    snprintf(h.village_code, sizeof h.village_code, "64.72.02.1001");
    store_ok(f, pl_store_household_update(f->s, &WHO, &h, &f->err), "household move");
    assert_string_equal(h.village_code, "64.72.02.1001");
    assert_string_equal(partition_of(f, "household", h.id), "household_64");
    assert_string_equal(partition_of(f, "person", p.id), "person_64");
    assert_string_equal(partition_of(f, "membership", m.id), "membership_64");
    assert_string_equal(partition_of(f, "membership", mh.id), "membership_64");
    assert_string_equal(
        sql_text(f->admin, "SELECT prov FROM household_key WHERE id = %lld", (long long)h.id),
        "64");
    store_ok(f, pl_store_person_get_by_nik(f->s, &got, p.nik, &f->err), "get by nik");
    assert_string_equal(got.village_code, "64.72.02.1001");
    assert_string_equal(got.kk, "1109010101010007");
    /* The KK is unique across partitions too. */
    pl_household h2 = h;
    snprintf(h2.village_code, sizeof h2.village_code, "11.09.01.2001");
    assert_int_equal(pl_store_household_add(f->s, &WHO, &h2, &f->err), PL_ECONFLICT);
    assert_string_equal(f->err.field, "no_kk");
}

/* ------------------------------------------------------------- every insert path */

/* Runs sql (or, with rows, COPY sql FROM STDIN with those rows): its SQLSTATE and constraint. */
static void run_sql(PGconn *c, const char *sql, const char *rows, char state[6], char cons[64])
{
    PGresult *r = PQexec(c, sql);
    if (rows && PQresultStatus(r) == PGRES_COPY_IN) {
        PQclear(r);
        if (PQputCopyData(c, rows, (int)strlen(rows)) != 1 || PQputCopyEnd(c, NULL) != 1)
            fail_msg("copy: %s", PQerrorMessage(c));
        r = PQgetResult(c);
        PGresult *more;
        while ((more = PQgetResult(c)) != NULL)
            PQclear(more);
    }
    const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *cn = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    snprintf(state, 6, "%s", st ? st : "00000");
    snprintf(cons, 64, "%s", cn ? cn : "");
    PQclear(r);
}

#define NEW_PERSON_COLS                                                                            \
    "(nik, household_id, name, name_norm, village_code, created_at, "                              \
    "created_by, updated_at)"
#define STAMP "'2026-01-01T00:00:00Z'"
/* A partition has no identity of its own: the id comes from person's. */
#define PART_PERSON_COLS                                                                           \
    "(id, nik, household_id, name, name_norm, village_code, created_at, "                          \
    "created_by, updated_at)"
#define NEXT_ID "nextval(pg_get_serial_sequence('person', 'id'))"

/* A NIK already held, written through sql (a COPY when rows): refused by the registry. */
static void refused_as_duplicate(fx *f, const char *sql, const char *rows)
{
    char state[6], cons[64];
    run_sql(f->admin, "SAVEPOINT dup", NULL, state, cons);
    run_sql(f->admin, sql, rows, state, cons);
    if (strcmp(state, "23505") != 0 || strcmp(cons, "person_nik_unique") != 0)
        fail_msg("%s: SQLSTATE %s constraint '%s', want 23505 person_nik_unique", sql, state, cons);
    run_sql(f->admin, "ROLLBACK TO SAVEPOINT dup", NULL, state, cons);
}

/*
 * New people reach the registry (person_key), the residence history and the point index
 * through the statement triggers of migration 13, whatever writes them: a multi-row INSERT
 * into person, an INSERT naming a partition, COPY, MERGE; audited unless a bulk load says
 * otherwise. A NIK held already is refused on each of those paths, also under the bulk
 * load's switch (pilar.audit_inserts = 'off'), which only spares the audit.
 */
static void test_registry_every_insert_path(void **state)
{
    fx *f = *state;
    char st[6], cons[64];
    sql_ok(f->admin, "BEGIN");
    sql_ok(f->admin, "SELECT set_config('pilar.actor', 'tester', true)");
    long audit0 = sql_long(f->admin, "SELECT count(*) FROM audit");
    sql_ok(f->admin, "INSERT INTO household(kk, village_code, lat, lon, created_at, created_by, "
                     "updated_at) VALUES ('6472010101010001', '64.72.01.1001', -0.5, 117.1, " STAMP
                     ", 'tester', " STAMP ")");
    long hh = sql_long(f->admin, "SELECT id FROM household WHERE kk = '6472010101010001'");
    assert_string_equal(sql_text(f->admin, "SELECT prov FROM household_key WHERE id = %ld", hh),
                        "64");
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM household_geo WHERE id = %ld", hh),
                     1);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO person" NEW_PERSON_COLS " VALUES ('6472010101900001', %ld, 'A', 'a', "
             "'64.72.01.1001', " STAMP ", 'tester', " STAMP "), ('6472010101900002', NULL, 'B', "
             "'b', '64.72.01.1002', " STAMP ", 'tester', " STAMP ")",
             hh);
    sql_ok(f->admin, sql);
    sql_ok(f->admin, "INSERT INTO person_64" PART_PERSON_COLS " VALUES (" NEXT_ID
                     ", '6472010101900003', NULL, "
                     "'C', 'c', '64.72.02.1001', " STAMP ", 'tester', " STAMP ")");
    run_sql(f->admin, "COPY person" NEW_PERSON_COLS " FROM STDIN",
            "1109010101900004\t\\N\tD\td\t11.09.01.2001\t2026-01-01T00:00:00Z\ttester\t"
            "2026-01-01T00:00:00Z\n",
            st, cons);
    assert_string_equal(st, "00000");
    sql_ok(f->admin, "MERGE INTO person t USING (VALUES ('1109010101900005')) v(nik) ON false "
                     "WHEN NOT MATCHED THEN INSERT" NEW_PERSON_COLS " VALUES (v.nik, NULL, 'E', "
                     "'e', '11.09.01.2001', " STAMP ", 'tester', " STAMP ")");
    /* Each of the five in the registry with its NIK and province, once. */
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM person_key"), 5);
    assert_int_equal(sql_long(f->admin,
                              "SELECT count(*) FROM person p JOIN person_key k ON k.id = p.id "
                              "AND k.nik = p.nik AND k.prov = substr(p.village_code, 1, 2)"),
                     5);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM residence WHERE person_id IS NOT "
                                        "NULL AND valid_from = '0001-01-01' AND valid_to IS NULL"),
                     5);
    /* A's point is its household's; nobody else has coordinates. */
    assert_string_equal(sql_text(f->admin, "SELECT string_agg(p.name, ',') FROM person_geo g "
                                           "JOIN person p ON p.id = g.id"),
                        "A");
    assert_int_equal(sql_long(f->admin,
                              "SELECT count(*) FROM person_geo g JOIN household_geo h ON "
                              "h.id = %ld AND ST_Equals(g.pt::geometry, h.pt::geometry)",
                              hh),
                     1);
    assert_int_equal(sql_long(f->admin,
                              "SELECT count(*) FROM audit WHERE id > %ld AND action = 'insert' "
                              "AND entity = 'person'",
                              audit0),
                     5);

    /* The same NIKs again, through each path, land on the registry's unique index. */
    snprintf(sql, sizeof sql,
             "INSERT INTO person" NEW_PERSON_COLS " VALUES ('6472010101900009', NULL, 'X', 'x', "
             "'64.72.01.1001', " STAMP ", 'tester', " STAMP "), ('6472010101900003', NULL, 'X', "
             "'x', '64.72.01.1001', " STAMP ", 'tester', " STAMP ")");
    refused_as_duplicate(f, sql, NULL);
    refused_as_duplicate(f,
                         "INSERT INTO person_11" PART_PERSON_COLS " VALUES (" NEXT_ID
                         ", '6472010101900001', "
                         "NULL, 'X', 'x', '11.09.01.2001', " STAMP ", 'tester', " STAMP ")",
                         NULL);
    refused_as_duplicate(f, "COPY person" NEW_PERSON_COLS " FROM STDIN",
                         "1109010101900005\t\\N\tX\tx\t64.72.01.1001\t2026-01-01T00:00:00Z\t"
                         "tester\t2026-01-01T00:00:00Z\n");
    refused_as_duplicate(f,
                         "MERGE INTO person t USING (VALUES ('1109010101900004')) v(nik) ON false "
                         "WHEN NOT MATCHED THEN INSERT" NEW_PERSON_COLS " VALUES (v.nik, NULL, "
                         "'X', 'x', '64.72.02.1001', " STAMP ", 'tester', " STAMP ")",
                         NULL);
    /* Two rows of one statement with one NIK. */
    refused_as_duplicate(f,
                         "INSERT INTO person" NEW_PERSON_COLS " VALUES ('6472010101900008', "
                         "NULL, 'X', 'x', '64.72.01.1001', " STAMP ", 'tester', " STAMP "), "
                         "('6472010101900008', NULL, 'Y', 'y', '11.09.01.2001', " STAMP
                         ", 'tester', " STAMP ")",
                         NULL);

    /* The bulk load's switch spares the audit of inserts and nothing else. */
    sql_ok(f->admin, "SELECT set_config('pilar.audit_inserts', 'off', true)");
    long audit1 = sql_long(f->admin, "SELECT count(*) FROM audit");
    refused_as_duplicate(f,
                         "INSERT INTO person_64" PART_PERSON_COLS " VALUES (" NEXT_ID
                         ", '1109010101900005', "
                         "NULL, 'X', 'x', '64.72.01.1001', " STAMP ", 'tester', " STAMP ")",
                         NULL);
    snprintf(sql, sizeof sql,
             "INSERT INTO person" NEW_PERSON_COLS " VALUES ('6472010101900006', %ld, 'F', 'f', "
             "'64.72.01.1001', " STAMP ", 'tester', " STAMP ")",
             hh);
    sql_ok(f->admin, sql);
    assert_string_equal(
        sql_text(f->admin, "SELECT prov FROM person_key WHERE nik = '6472010101900006'"), "64");
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM residence r JOIN person_key k ON "
                                        "k.id = r.person_id WHERE k.nik = '6472010101900006'"),
                     1);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM person_geo g JOIN person_key k ON "
                                        "k.id = g.id WHERE k.nik = '6472010101900006'"),
                     1);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM audit"), audit1);
    sql_ok(f->admin, "COMMIT");
}

/* Every partition of person and household has the statement trigger of its own. */
static void test_partitions_have_insert_triggers(void **state)
{
    fx *f = *state;
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM pg_inherits i WHERE i.inhparent IN "
                                        "('person'::regclass, 'household'::regclass)"),
                     2 * 39);
    assert_string_equal(sql_text(f->admin,
                                 "SELECT coalesce(string_agg(i.inhrelid::regclass::text, ','), '') "
                                 "FROM pg_inherits i WHERE i.inhparent IN ('person'::regclass, "
                                 "'household'::regclass) AND NOT EXISTS (SELECT 1 FROM pg_trigger "
                                 "t WHERE t.tgrelid = i.inhrelid AND t.tgname IN ('person_new', "
                                 "'household_new') AND t.tgparentid = 0)"),
                        "");
}

/* ------------------------------------------------------------- the process's cache */

static long long mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The auth stamp once the listener listens (at most 5 s), or the test fails. */
static int64_t listening_stamp(fx *f)
{
    int64_t v = 0;
    for (long long end = mono_ms() + 5000; mono_ms() < end; usleep(10000))
        if (pl_store_auth_stamp(f->s, &v, &f->err) == 0)
            return v;
    fail_msg("the listener did not start: %s", f->err.message);
    return 0;
}

static int copy_name(void *ctx, const pl_person *p)
{
    snprintf(ctx, 128, "%s", p->name);
    return 0;
}

/* The name the store answers for nik (a static buffer). */
static const char *name_of(fx *f, const char *nik)
{
    static char name[sizeof((pl_person *)0)->name];
    pl_person got;
    store_ok(f, pl_store_person_get_by_nik(f->s, &got, nik, &f->err), "get by nik");
    snprintf(name, sizeof name, "%s", got.name);
    return name;
}

/* Milliseconds until the store answers want for nik, -1 after 3 s. */
static long long until_name(fx *f, const char *nik, const char *want)
{
    long long start = mono_ms();
    while (strcmp(name_of(f, nik), want) != 0) {
        if (mono_ms() - start > 3000)
            return -1;
        usleep(2000);
    }
    return mono_ms() - start;
}

/* A change that notifies nobody: the triggers are off for the admin's session. */
static void rename_quietly(fx *f, const char *nik, const char *name)
{
    sql_ok(f->admin, "SET session_replication_role = replica");
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE person SET name = '%s' WHERE nik = '%s'", name, nik);
    sql_ok(f->admin, sql);
    sql_ok(f->admin, "SET session_replication_role = DEFAULT");
}

/* The pid of the listener's session once it has listened and proved itself, other than not. */
static long listener_pid(fx *f, long not )
{
    char sql[300];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE application_name = "
             "'" PL_PG_LISTENER_NAME "' AND datname = current_database() AND query = 'SELECT 1' "
             "AND pid <> %ld",
             not );
    for (long long end = mono_ms() + 5000; mono_ms() < end; usleep(10000)) {
        long pid = sql_long(f->admin, "%s", sql);
        if (pid)
            return pid;
    }
    fail_msg("no listener session");
    return 0;
}

/*
 * store/shared.h: without a listener there is no auth stamp; with one, a token or account
 * change elsewhere moves it; a person by NIK is answered from the cache (a change that
 * notifies nobody stays unseen), a notified change elsewhere reaches it in milliseconds, a
 * local commit or touch voids it at once, and so does a reconnection of the listener.
 */
static void test_shared_cache(void **state)
{
    fx *f = *state;
    const char *nik = "6472015505900001";
    pl_person p = person(nik, 0, "64.72.01.1001", "Nur Aini", "1990-05-15", 'P', "");
    store_ok(f, pl_store_person_add(f->s, &WHO, &p, &f->err), "add");
    int64_t a = 0, b = 0;
    assert_int_equal(pl_store_auth_stamp(f->s, &a, &f->err), PL_EUNAVAIL);

    pl_store_shared *sh = NULL;
    store_ok(f, pl_store_shared_open(&sh, f->url, &f->err), "shared");
    store_ok(f, pl_store_share(f->s, sh, &f->err), "share");
    a = listening_stamp(f);
    store_ok(f, pl_store_auth_stamp(f->s, &b, &f->err), "stamp");
    assert_true(a == b); /* nothing changed */
    sql_ok(f->admin, "UPDATE api_token SET revoked_at = revoked_at WHERE false");
    long long start = mono_ms();
    while (pl_store_auth_stamp(f->s, &b, &f->err) == 0 && b == a && mono_ms() - start < 3000)
        usleep(1000);
    assert_true(b != a);
    printf("token change seen after %lld ms\n", mono_ms() - start);

    /* Read once: cached. A change that notifies nobody is not seen: the cache answered. */
    assert_string_equal(name_of(f, nik), "Nur Aini");
    rename_quietly(f, nik, "Tak Terlihat");
    assert_string_equal(name_of(f, nik), "Nur Aini");
    /* Also through the search's NIK path. */
    pl_person_query q = {.nik = nik, .scope = ""};
    char seen[128] = "";
    assert_int_equal(pl_store_person_search(f->s, &q, copy_name, seen, &f->err), 0);
    assert_string_equal(seen, "Nur Aini");
    /* A notified change elsewhere reaches it. */
    sql_ok(f->admin, "BEGIN; SELECT set_config('pilar.actor', 'seed', true); UPDATE person SET "
                     "name = 'Nur Aini Baru' WHERE nik = '6472015505900001'; COMMIT");
    long long lag = until_name(f, nik, "Nur Aini Baru");
    assert_true(lag >= 0);
    printf("person change seen after %lld ms\n", lag);

    /* This process's own commit voids it at once, and so does a touch. */
    rename_quietly(f, nik, "Lewat Komit");
    assert_string_equal(name_of(f, nik), "Nur Aini Baru");
    store_ok(f, pl_store_begin(f->s, &f->err), "begin");
    store_ok(f, pl_store_commit(f->s, &f->err), "commit");
    assert_string_equal(name_of(f, nik), "Lewat Komit");
    rename_quietly(f, nik, "Lewat Sentuh");
    assert_string_equal(name_of(f, nik), "Lewat Komit");
    pl_store_shared_touch(sh);
    assert_string_equal(name_of(f, nik), "Lewat Sentuh");

    /* The listener's connection is cut: what was cached before it listens again is void. */
    rename_quietly(f, nik, "Setelah Putus");
    assert_string_equal(name_of(f, nik), "Lewat Sentuh");
    long pid = listener_pid(f, 0);
    sql_ok(f->admin,
           "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name "
           "= '" PL_PG_LISTENER_NAME "' AND datname = current_database()");
    listener_pid(f, pid);
    listening_stamp(f);
    assert_string_equal(name_of(f, nik), "Setelah Putus");

    store_ok(f, pl_store_share(f->s, NULL, &f->err), "unshare");
    pl_store_shared_free(sh);
    assert_int_equal(pl_store_auth_stamp(f->s, &a, &f->err), PL_EUNAVAIL);
}

/* ------------------------------------------------------------- concurrent inserts of one NIK */

typedef struct racer {
    const char *url;
    pl_person p;
    int rc;
    pl_error err;
} racer;

static void *race_add(void *arg)
{
    racer *r = arg;
    pl_store *s = NULL;
    r->rc = pl_store_open(&s, r->url, 0, &r->err);
    if (r->rc == 0)
        r->rc = pl_store_person_add(s, &WHO, &r->p, &r->err);
    pl_store_close(s);
    return NULL;
}

static void test_concurrent_nik_insert_conflicts(void **state)
{
    fx *f = *state;
    const char *nik = "6472016606950001";
    /* The first writer holds its insert in an open transaction. */
    store_ok(f, pl_store_begin(f->s, &f->err), "begin");
    pl_person a = person(nik, 0, "64.72.01.1001", "Dewi Lestari", "1995-06-26", 'P', "");
    store_ok(f, pl_store_person_add(f->s, &WHO, &a, &f->err), "first");
    /* The second, in another province's partition, waits on the registry's unique index... */
    racer b = {.url = f->url};
    b.p = person(nik, 0, "11.09.01.2001", "Dewi L.", "1995-06-26", 'P', "");
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, race_add, &b), 0);
    int waited = 0;
    while (sql_long(f->admin, "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                              "current_database() AND wait_event_type = 'Lock'") == 0) {
        if (++waited > 1000)
            fail_msg("the second insert never waited on the first");
        usleep(10000);
    }
    /* ...and fails when the first commits, with SQLite's answer: 409, field nik. */
    store_ok(f, pl_store_commit(f->s, &f->err), "commit");
    pthread_join(t, NULL);
    assert_int_equal(b.rc, PL_ECONFLICT);
    assert_string_equal(b.err.field, "nik");
    assert_int_equal(pl_http_status_for(b.rc, b.err.field), 409);
    pl_person c = person(nik, 0, "64.72.01.1001", "Dewi Lestari", "1995-06-26", 'P', "");
    pl_error qerr;
    pl_error_clear(&qerr);
    store_ok(f, pl_store_person_add(f->q, &WHO, &c, &qerr), "sqlite first");
    int qrc = pl_store_person_add(f->q, &WHO, &c, &qerr);
    assert_int_equal(qrc, b.rc);
    assert_string_equal(qerr.field, b.err.field);
    assert_string_equal(qerr.message, b.err.message);
    /* One person with the NIK, in the first writer's province. */
    assert_string_equal(sql_text(f->admin,
                                 "SELECT count(*) || ' ' || min(prov) FROM person_key "
                                 "WHERE nik = '%s'",
                                 nik),
                        "1 64");
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM person WHERE nik = '%s'", nik), 1);
}

/* ------------------------------------------------------------- a refused write mid-transaction */

static void test_refused_write_keeps_transaction(void **state)
{
    fx *f = *state;
    pl_person a = person("6472010101800011", 0, "64.72.01.1001", "Andi", "1980-01-01", 'L', "");
    store_ok(f, pl_store_person_add(f->s, &WHO, &a, &f->err), "first");
    sql_ok(f->admin, "BEGIN; SELECT set_config('pilar.actor', 'test', true); "
                     "INSERT INTO program(code, name, level, amount, frequency, created_at, "
                     "created_by) VALUES ('PKH', 'Program Keluarga Harapan', 'pusat', 0, "
                     "'bulanan', '', 'x'); COMMIT");
    store_ok(f, pl_store_begin(f->s, &f->err), "begin");
    pl_person dup = a;
    assert_int_equal(pl_store_person_add(f->s, &WHO, &dup, &f->err), PL_ECONFLICT);
    assert_int_equal(
        pl_store_enrolment_add(f->s, &WHO, 1, a.id, 0, "2024-01", "", "2024-01-01", NULL, &f->err),
        0);
    /* A second enrolment is refused and the list goes on, as pl_program_enroll_eligible does. */
    assert_int_equal(
        pl_store_enrolment_add(f->s, &WHO, 1, a.id, 0, "2024-01", "", "2024-01-01", NULL, &f->err),
        PL_ECONFLICT);
    pl_person b = person("6472010101800012", 0, "64.72.01.1001", "Budi", "1980-01-01", 'L', "");
    store_ok(f, pl_store_person_add(f->s, &WHO, &b, &f->err), "after the refusals");
    store_ok(f, pl_store_commit(f->s, &f->err), "commit");
    long n = 0;
    store_ok(f, pl_store_enrolment_count(f->s, 1, "2024-01", &n, &f->err), "count");
    assert_int_equal(n, 1);
    assert_int_equal(sql_long(f->admin, "SELECT count(*) FROM person"), 2);
    dump d = {0};
    store_ok(f, pl_store_enrolment_list_person(f->s, a.id, say_enrolment, &d, &f->err), "list");
    assert_non_null(d.b);
    assert_non_null(strstr(d.b, "|PKH|Program Keluarga Harapan|2024-01|2024-01-01|"));
    free(d.b);
}

/* ------------------------------------------------------------- the pseudonym key */

static void test_ident_key(void **state)
{
    fx *f = *state;
    unsigned char k1[32], k2[32];
    store_ok(f, pl_store_ident_key(f->s, k1, &f->err), "key");
    store_ok(f, pl_store_ident_key(f->s, k2, &f->err), "key again");
    assert_memory_equal(k1, k2, 32);
    char hex[65];
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", k1[i]);
    assert_string_equal(sql_text(f->admin, "SELECT encode(key, 'hex') FROM ident_key"), hex);
    static const unsigned char zero[32];
    assert_memory_not_equal(k1, zero, 32);
}

int main(void)
{
    pg_dir = getenv("PILAR_PG_DIR");
    pg_port = getenv("PILAR_PG_PORT");
    if (!pg_dir || !pg_port) {
        fprintf(stderr, "SKIP: no PostgreSQL cluster (run me through scripts/pg-cluster run)\n");
        return 77;
    }
    db_url(admin_url, sizeof admin_url, "pilar");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_answers_as_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nik_moves_between_provinces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_nik_insert_conflicts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registry_every_insert_path, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partitions_have_insert_triggers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_write_keeps_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ident_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_cache, setup, teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}

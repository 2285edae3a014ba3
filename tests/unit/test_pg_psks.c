/*
 * test_pg_psks.c - the PSKS registry, PSKS visits and PMT stores on PostgreSQL against their
 * SQLite twins: the same data (raw SQL on each backend) and the same sequence of store calls
 * on both must give the same transcript (results, ordering, error codes, fields and messages)
 * and the same audit rows (action, entity, id, actor, before and after images compared as
 * JSON). Then what only PostgreSQL has: a province's PMT subjects and deciles touch only that
 * province's partitions (they run while another province's partition is locked). Run by ctest
 * as pg/test_pg_psks through scripts/pg-cluster run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "pg_twin.h"

#include "store/pg/internal.h"
#include "store/pmt.h"
#include "store/psks.h"
#include "store/psks_visit.h"
#include "store/sqlite/internal.h"
#include "store/store.h"
#include "util/buf.h"

#include <jansson.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const pl_actor tester = {"tester", "test"};

typedef pl_twin fx;

#define NOW "'2026-03-01T00:00:00Z'"

static void seed(fx *f)
{
    pl_twin_both(
        f, "INSERT INTO region(code, parent, level, name) VALUES "
           "('64', NULL, 1, 'Kalimantan Timur'), ('64.74', '64', 2, 'Kota Bontang'), "
           "('64.74.01', '64.74', 3, 'Bontang Utara'), "
           "('64.74.01.1001', '64.74.01', 4, 'Bontang Kuala'), "
           "('64.74.01.1002', '64.74.01', 4, 'Bontang Baru'), "
           "('32', NULL, 1, 'Jawa Barat'), ('32.01', '32', 2, 'Kabupaten Bogor'), "
           "('32.01.01', '32.01', 3, 'Cibinong'), ('32.01.01.2001', '32.01.01', 4, 'Pakansari')");
    pl_twin_both(f,
                 "INSERT INTO household(id, kk, village_code, state, created_at, created_by, "
                 "updated_at) VALUES "
                 "(1, '6474010101200001', '64.74.01.1001', 'verified', " NOW ", 'seed', " NOW "), "
                 "(2, '6474010101200002', '64.74.01.1002', 'draft', " NOW ", 'seed', " NOW "), "
                 "(3, '3201010101200003', '32.01.01.2001', 'draft', " NOW ", 'seed', " NOW "), "
                 "(4, '6474010101200004', '64.74.01.1001', 'rejected', " NOW ", 'seed', " NOW ")");
    pl_twin_both(
        f, "INSERT INTO person(id, nik, household_id, name, name_norm, birth_date, sex, "
           "relationship, disability, death_date, village_code, created_at, created_by, "
           "updated_at) VALUES "
           "(1, '6474014101800001', 1, 'Siti', 'siti', '1980-01-01', 'P', 'kepala_keluarga', "
           "'', NULL, '64.74.01.1001', " NOW ", 'seed', " NOW "), "
           "(2, '6474010101100002', 1, 'Budi', 'budi', '2010-03-16', 'L', 'anak', 'netra', "
           "NULL, '64.74.01.1001', " NOW ", 'seed', " NOW "), "
           "(3, '6474010101500003', 1, 'Ahmad', 'ahmad', '1950-03-15', 'L', 'famili_lain', '', "
           "NULL, '64.74.01.1001', " NOW ", 'seed', " NOW "), "
           "(4, '6474010101400004', 2, 'Joko', 'joko', '1940-05-05', 'L', 'kepala_keluarga', "
           "'', '2025-01-01', '64.74.01.1002', " NOW ", 'seed', " NOW "), "
           "(5, '3201010101900005', 3, 'Asep', 'asep', NULL, 'L', 'kepala_keluarga', '', NULL, "
           "'32.01.01.2001', " NOW ", 'seed', " NOW ")");
    pl_twin_sq(f, "INSERT INTO membership(id, person_id, category, valid_from, created_at, "
                  "created_by) VALUES (1, 3, 8, '2025-01-01', " NOW ", 'seed')");
    pl_twin_pg(f->admin, "INSERT INTO membership(id, person_id, category, valid_from, created_at, "
                         "created_by, prov) VALUES (1, 3, 8, '2025-01-01', " NOW ", 'seed', '64')");
    pl_twin_both(
        f, "INSERT INTO disaster_event(id, type, name, event_date, region_code, area, min_lon, "
           "min_lat, max_lon, max_lat, created_at, created_by) VALUES (1, 'banjir', 'Banjir', "
           "'2026-02-01', '64.74', '{\"type\":\"Polygon\",\"coordinates\":[[[117.4,0.1],"
           "[117.6,0.1],[117.6,0.2],[117.4,0.1]]]}', 117.4, 0.1, 117.6, 0.2, " NOW ", 'seed')");
}

static int setup(void **state)
{
    fx *f = pl_twin_new("psks");
    seed(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    pl_twin_free(*state);
    return 0;
}

/* ------------------------------------------------------------- the transcript */

#define LOG(...) pl_buf_printf(out, __VA_ARGS__)

static int unit_line(void *ctx, const pl_psks_unit *u)
{
    pl_buf *out = ctx;
    LOG("  unit %lld t%d %s %s nik=%s home=%s coord=%d %.6f %.6f %s..%s v%lld sk=%s/%s reg=%s "
        "akr=%s/%s areas:",
        (long long)u->id, u->type, u->kind, u->name, u->nik, u->area_code, u->has_coord, u->lat,
        u->lon, u->valid_from, u->valid_to, (long long)u->version, u->decree_no, u->decree_date,
        u->reg_no, u->accreditation, u->accreditation_date);
    for (int i = 0; i < u->n_areas; i++)
        LOG(" %s", u->areas[i]);
    LOG("\n");
    return 0;
}

static int record_line(void *ctx, const pl_psks_record *r)
{
    pl_buf *out = ctx;
    LOG("  record %lld u%lld %s %s/%s/%s %s..%s %lld %s %s v%lld\n", (long long)r->id,
        (long long)r->unit_id, r->kind, r->title, r->organiser, r->number, r->started_on,
        r->ended_on, (long long)r->amount, r->source, r->note, (long long)r->version);
    return 0;
}

static int meeting_line(void *ctx, const pl_psks_meeting *m)
{
    pl_buf *out = ctx;
    LOG("  meeting %lld %s %s %s %s v%lld\n", (long long)m->id, m->held_on, m->place, m->region,
        m->theme, (long long)m->version);
    return 0;
}

static int party_line(void *ctx, const pl_psks_party *p)
{
    pl_buf *out = ctx;
    LOG("  party %lld m%lld u%lld %s\n", (long long)p->id, (long long)p->meeting_id,
        (long long)p->unit_id, p->name);
    return 0;
}

static int item_line(void *ctx, const pl_psks_item *i)
{
    pl_buf *out = ctx;
    LOG("  item %lld m%lld %s %s owner=%s due=%s %s note=%s done=%s %s %s v%lld\n",
        (long long)i->id, (long long)i->meeting_id, i->kind, i->text, i->owner, i->due_on,
        i->status, i->note, i->done_on, i->region, i->held_on, (long long)i->version);
    return 0;
}

static int assignment_line(void *ctx, const pl_psks_assignment *a)
{
    pl_buf *out = ctx;
    LOG("  assignment %lld u%lld p%lld h%lld %s %s due=%s %s sug=%d v%lld by=%s visits=%ld "
        "last=%s\n",
        (long long)a->id, (long long)a->psks_id, (long long)a->person_id,
        (long long)a->household_id, a->region_code, a->reason, a->due_date, a->status, a->suggested,
        (long long)a->version, a->created_by, a->visits, a->last_visit);
    return 0;
}

static int visit_line(void *ctx, const pl_psks_visit *v)
{
    pl_buf *out = ctx;
    LOG("  visit %lld u%lld a%lld d%lld p%lld h%lld %s %s %s coord=%d %.6f %.6f %s by=%s "
        "photo=%d %s %ld %s\n",
        (long long)v->id, (long long)v->psks_id, (long long)v->assignment_id,
        (long long)v->disaster_id, (long long)v->person_id, (long long)v->household_id,
        v->region_code, v->visit_date, v->action, v->has_coord, v->lat, v->lon, v->note,
        v->created_by, v->has_photo, v->photo_mime, v->photo_size, v->photo_sha256);
    return 0;
}

static int deployment_line(void *ctx, const pl_psks_deployment *d)
{
    pl_buf *out = ctx;
    LOG("  deployment %lld d%lld u%lld %s %s by=%s visits=%ld\n", (long long)d->id,
        (long long)d->disaster_id, (long long)d->psks_id, d->deployed_on, d->note, d->created_by,
        d->visits);
    return 0;
}

static void vals_line(pl_buf *out, const pl_pmt_values *v)
{
    for (int i = 0; i < PL_PMT_ENTERED__MAX; i++)
        if (v->has[i])
            LOG(" %d=%g", i, v->v[i]);
    LOG("\n");
}

static int subject_line(void *ctx, const pl_pmt_subject *x)
{
    pl_buf *out = ctx;
    LOG("  subject h%lld %s socio=%d living=%d wa=%d dep=%d dis=%d headf=%d head=%d:",
        (long long)x->household_id, x->village, x->has_socio, x->members.living,
        x->members.working_age, x->members.dependants, x->members.disabled, x->members.head_female,
        x->members.head_known);
    vals_line(out, &x->vals);
    return 0;
}

static int model_line(void *ctx, const pl_pmt_model *m)
{
    pl_buf *out = ctx;
    LOG("  model %lld %s v%d %.6f %s by=%s terms=%d\n", (long long)m->id, m->region, m->version,
        m->intercept, m->source, m->created_by, m->n_terms);
    return 0;
}

static int run_line(void *ctx, const pl_pmt_run *r)
{
    pl_buf *out = ctx;
    LOG("  run %lld %s %s %ld %ld %s\n", (long long)r->id, r->region, r->actor, r->scored,
        r->unscored, r->reason);
    return 0;
}

static int score_line(void *ctx, const pl_pmt_score_row *r)
{
    pl_buf *out = ctx;
    LOG("  score r%lld h%lld m%lld %s %.6f d%d %s %s v%d\n", (long long)r->run_id,
        (long long)r->household_id, (long long)r->model_id, r->province, r->score, r->decile,
        r->explain, r->model_region, r->model_version);
    return 0;
}

static int decile_line(void *ctx, const pl_pmt_decile_count *c)
{
    pl_buf *out = ctx;
    LOG("  decile %s d%d %ld\n", c->village, c->decile, c->households);
    return 0;
}

static pl_psks_unit unit(int type, const char *name, const char *home, const char *a1,
                         const char *a2)
{
    pl_psks_unit u = {.type = type, .has_coord = a2 == NULL, .lat = 0.125, .lon = 117.5};
    snprintf(u.kind, sizeof u.kind, "orang");
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.area_code, sizeof u.area_code, "%s", home);
    snprintf(u.valid_from, sizeof u.valid_from, "2025-01-01");
    if (a1)
        snprintf(u.areas[u.n_areas++], sizeof u.areas[0], "%s", a1);
    if (a2)
        snprintf(u.areas[u.n_areas++], sizeof u.areas[0], "%s", a2);
    return u;
}

/* The registry: units, their history, meetings with parties and items. */
static void registry(pl_store *s, pl_buf *out)
{
    pl_error e;
    int rc;
    pl_psks_unit a = unit(3, "Tagana Bontang", "64.74.01", "64.74.01.1001", "32.01");
    pl_twin_outcome(out, "add a", pl_store_psks_add(s, &tester, &a, &e), &e);
    pl_psks_unit b = unit(1, "Ani", "32.01.01.2001", NULL, NULL);
    snprintf(b.nik, sizeof b.nik, "3201010101900009");
    pl_twin_outcome(out, "add b", pl_store_psks_add(s, &tester, &b, &e), &e);
    pl_psks_unit c = unit(1, "Citra", "64.74.01.1002", NULL, NULL);
    pl_twin_outcome(out, "add c", pl_store_psks_add(s, &tester, &c, &e), &e);
    pl_psks_unit bad = unit(1, "X", "99.99", NULL, NULL);
    pl_twin_outcome(out, "add unknown home", pl_store_psks_add(s, &tester, &bad, &e), &e);
    bad = unit(1, "X", "64", "64.74", "64.99");
    pl_twin_outcome(out, "add unknown served", pl_store_psks_add(s, &tester, &bad, &e), &e);
    bad = unit(1, "X", "64.99", "64.74", "64.98");
    pl_twin_outcome(out, "add both unknown", pl_store_psks_add(s, &tester, &bad, &e), &e);
    bad = unit(1, "X", "64", NULL, NULL);
    bad.n_areas = PL_PSKS_AREAS_MAX + 1;
    pl_twin_outcome(out, "add too many", pl_store_psks_add(s, &tester, &bad, &e), &e);
    LOG("ids %lld %lld %lld\n", (long long)a.id, (long long)b.id, (long long)c.id);
    const char *regions[] = {"", "64", "64.74.01.1001", "32", "32.01.01", "64.7", "11"};
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        LOG("list '%s'\n", regions[i]);
        pl_twin_outcome(out, "list", pl_store_psks_list(s, regions[i], 0, unit_line, out, &e), &e);
    }
    pl_twin_outcome(out, "list type 1", pl_store_psks_list(s, "", 1, unit_line, out, &e), &e);
    pl_psks_unit got;
    pl_twin_outcome(out, "get a", rc = pl_store_psks_get(s, &got, a.id, &e), &e);
    if (rc == 0)
        unit_line(out, &got);
    pl_twin_outcome(out, "get 99", pl_store_psks_get(s, &got, 99, &e), &e);
    /* Update: areas change, then a stale version and a missing unit. */
    a.n_areas = 0;
    snprintf(a.areas[a.n_areas++], sizeof a.areas[0], "32.01");
    snprintf(a.areas[a.n_areas++], sizeof a.areas[0], "64.74.01.1002");
    snprintf(a.decree_no, sizeof a.decree_no, "SK/1");
    snprintf(a.accreditation, sizeof a.accreditation, "B");
    a.has_coord = false;
    pl_twin_outcome(out, "update a", pl_store_psks_update(s, &tester, &a, &e), &e);
    LOG("a v%lld\n", (long long)a.version);
    pl_psks_unit stale = a;
    stale.version = 1;
    pl_twin_outcome(out, "update stale", pl_store_psks_update(s, &tester, &stale, &e), &e);
    stale.id = 99;
    pl_twin_outcome(out, "update 99", pl_store_psks_update(s, &tester, &stale, &e), &e);
    stale = a;
    snprintf(stale.areas[0], sizeof stale.areas[0], "64.99");
    pl_twin_outcome(out, "update unknown", pl_store_psks_update(s, &tester, &stale, &e), &e);
    pl_twin_outcome(out, "get a", pl_store_psks_get(s, &got, a.id, &e), &e);
    unit_line(out, &got);

    /* History records. */
    pl_psks_record r1 = {.unit_id = a.id};
    snprintf(r1.kind, sizeof r1.kind, "pelatihan");
    snprintf(r1.title, sizeof r1.title, "Diklat");
    snprintf(r1.started_on, sizeof r1.started_on, "2025-02-01");
    pl_twin_outcome(out, "record 1", pl_store_psks_record_add(s, &tester, &r1, &e), &e);
    pl_psks_record r2 = {.unit_id = a.id, .amount = 500000};
    snprintf(r2.kind, sizeof r2.kind, "honor");
    snprintf(r2.title, sizeof r2.title, "Insentif");
    snprintf(r2.source, sizeof r2.source, "APBD");
    snprintf(r2.started_on, sizeof r2.started_on, "2025-01-01");
    snprintf(r2.ended_on, sizeof r2.ended_on, "2025-12-31");
    pl_twin_outcome(out, "record 2", pl_store_psks_record_add(s, &tester, &r2, &e), &e);
    pl_psks_record r3 = r1;
    r3.unit_id = 99;
    pl_twin_outcome(out, "record unit 99", pl_store_psks_record_add(s, &tester, &r3, &e), &e);
    snprintf(r1.note, sizeof r1.note, "lulus");
    pl_twin_outcome(out, "record update", pl_store_psks_record_update(s, &tester, &r1, &e), &e);
    r1.version = 1;
    pl_twin_outcome(out, "record stale", pl_store_psks_record_update(s, &tester, &r1, &e), &e);
    r1.id = 99;
    pl_twin_outcome(out, "record 99", pl_store_psks_record_update(s, &tester, &r1, &e), &e);
    pl_psks_record rg;
    pl_twin_outcome(out, "record get", pl_store_psks_record_get(s, &rg, r2.id, &e), &e);
    record_line(out, &rg);
    pl_twin_outcome(out, "record get 99", pl_store_psks_record_get(s, &rg, 99, &e), &e);
    pl_twin_outcome(out, "records", pl_store_psks_record_list(s, a.id, "", record_line, out, &e),
                    &e);
    pl_twin_outcome(out, "records honor",
                    pl_store_psks_record_list(s, a.id, "honor", record_line, out, &e), &e);

    /* Meetings. */
    pl_psks_meeting m1 = {0}, m2 = {0};
    snprintf(m1.held_on, sizeof m1.held_on, "2026-01-10");
    snprintf(m1.place, sizeof m1.place, "Aula");
    snprintf(m1.region, sizeof m1.region, "64.74");
    snprintf(m1.theme, sizeof m1.theme, "Koordinasi");
    pl_twin_outcome(out, "meeting 1", pl_store_psks_meeting_add(s, &tester, &m1, &e), &e);
    m2 = m1;
    snprintf(m2.held_on, sizeof m2.held_on, "2026-02-10");
    snprintf(m2.region, sizeof m2.region, "32");
    pl_twin_outcome(out, "meeting 2", pl_store_psks_meeting_add(s, &tester, &m2, &e), &e);
    pl_psks_meeting bm = m1;
    snprintf(bm.region, sizeof bm.region, "77");
    pl_twin_outcome(out, "meeting unknown", pl_store_psks_meeting_add(s, &tester, &bm, &e), &e);
    snprintf(m1.theme, sizeof m1.theme, "Koordinasi bulanan");
    pl_twin_outcome(out, "meeting update", pl_store_psks_meeting_update(s, &tester, &m1, &e), &e);
    m1.version = 1;
    pl_twin_outcome(out, "meeting stale", pl_store_psks_meeting_update(s, &tester, &m1, &e), &e);
    bm.id = 99;
    snprintf(bm.region, sizeof bm.region, "64");
    pl_twin_outcome(out, "meeting 99", pl_store_psks_meeting_update(s, &tester, &bm, &e), &e);
    pl_twin_outcome(out, "meetings", pl_store_psks_meeting_list(s, "", meeting_line, out, &e), &e);
    pl_twin_outcome(out, "meetings 64", pl_store_psks_meeting_list(s, "64", meeting_line, out, &e),
                    &e);
    pl_psks_party p1 = {.meeting_id = m1.id, .unit_id = a.id};
    pl_twin_outcome(out, "party unit", pl_store_psks_party_add(s, &tester, &p1, &e), &e);
    pl_psks_party p2 = {.meeting_id = m1.id};
    snprintf(p2.name, sizeof p2.name, "Lurah");
    pl_twin_outcome(out, "party name", pl_store_psks_party_add(s, &tester, &p2, &e), &e);
    pl_psks_party p3 = {.meeting_id = 99};
    snprintf(p3.name, sizeof p3.name, "X");
    pl_twin_outcome(out, "party meeting 99", pl_store_psks_party_add(s, &tester, &p3, &e), &e);
    p3.meeting_id = m1.id;
    p3.unit_id = 99;
    pl_twin_outcome(out, "party unit 99", pl_store_psks_party_add(s, &tester, &p3, &e), &e);
    pl_twin_outcome(out, "parties", pl_store_psks_party_list(s, m1.id, party_line, out, &e), &e);
    pl_psks_item i1 = {.meeting_id = m1.id};
    snprintf(i1.kind, sizeof i1.kind, "masalah");
    snprintf(i1.text, sizeof i1.text, "Data ganda");
    pl_twin_outcome(out, "item 1", pl_store_psks_item_add(s, &tester, &i1, &e), &e);
    pl_psks_item i2 = {.meeting_id = m1.id};
    snprintf(i2.kind, sizeof i2.kind, "rekomendasi");
    snprintf(i2.text, sizeof i2.text, "Verifikasi");
    snprintf(i2.owner, sizeof i2.owner, "Dinsos");
    snprintf(i2.due_on, sizeof i2.due_on, "2026-02-01");
    pl_twin_outcome(out, "item 2", pl_store_psks_item_add(s, &tester, &i2, &e), &e);
    pl_psks_item i3 = i2;
    i3.due_on[0] = '\0';
    pl_twin_outcome(out, "item 3", pl_store_psks_item_add(s, &tester, &i3, &e), &e);
    pl_psks_item i4 = i2;
    i4.meeting_id = m2.id;
    snprintf(i4.due_on, sizeof i4.due_on, "2026-01-15");
    pl_twin_outcome(out, "item 4", pl_store_psks_item_add(s, &tester, &i4, &e), &e);
    pl_psks_item bi = i1;
    bi.meeting_id = 99;
    pl_twin_outcome(out, "item meeting 99", pl_store_psks_item_add(s, &tester, &bi, &e), &e);
    snprintf(i3.status, sizeof i3.status, "selesai");
    snprintf(i3.done_on, sizeof i3.done_on, "2026-03-01");
    pl_twin_outcome(out, "item update", pl_store_psks_item_update(s, &tester, &i3, &e), &e);
    i3.version = 1;
    pl_twin_outcome(out, "item stale", pl_store_psks_item_update(s, &tester, &i3, &e), &e);
    i3.id = 99;
    pl_twin_outcome(out, "item 99", pl_store_psks_item_update(s, &tester, &i3, &e), &e);
    pl_psks_item ig;
    pl_twin_outcome(out, "item get", pl_store_psks_item_get(s, &ig, i2.id, &e), &e);
    item_line(out, &ig);
    pl_twin_outcome(out, "item get 99", pl_store_psks_item_get(s, &ig, 99, &e), &e);
    pl_twin_outcome(out, "items", pl_store_psks_item_list(s, m1.id, item_line, out, &e), &e);
    pl_twin_outcome(out, "followups", pl_store_psks_followup_list(s, "", "", item_line, out, &e),
                    &e);
    pl_twin_outcome(out, "followups 64 before",
                    pl_store_psks_followup_list(s, "64", "2026-03-01", item_line, out, &e), &e);
}

/* Assignments, visits, photos, deployments, a membership citing a visit. */
static void visits(pl_store *s, pl_buf *out)
{
    pl_error e;
    pl_psks_assignment a1 = {.psks_id = 1, .person_id = 1};
    snprintf(a1.region_code, sizeof a1.region_code, "64.74.01.1001");
    snprintf(a1.reason, sizeof a1.reason, "lansia");
    snprintf(a1.due_date, sizeof a1.due_date, "2026-02-01");
    pl_twin_outcome(out, "assign 1", pl_store_psks_assignment_add(s, &tester, &a1, &e), &e);
    LOG("a1 %lld %s v%lld by=%s\n", (long long)a1.id, a1.status, (long long)a1.version,
        a1.created_by);
    pl_psks_assignment a2 = {.psks_id = 2, .household_id = 3, .suggested = true};
    snprintf(a2.region_code, sizeof a2.region_code, "32.01.01.2001");
    pl_twin_outcome(out, "assign 2", pl_store_psks_assignment_add(s, &tester, &a2, &e), &e);
    pl_psks_assignment a4 = {.psks_id = 1, .person_id = 1, .due_date = "2026-01-01"};
    snprintf(a4.region_code, sizeof a4.region_code, "64.74.01.1001");
    pl_twin_outcome(out, "assign 4", pl_store_psks_assignment_add(s, &tester, &a4, &e), &e);
    /* Failed inserts last: PostgreSQL's sequences do not give back the id a failure took. */
    pl_psks_assignment a3 = {.psks_id = 99, .person_id = 1};
    snprintf(a3.region_code, sizeof a3.region_code, "64.74.01.1001");
    pl_twin_outcome(out, "assign unit 99", pl_store_psks_assignment_add(s, &tester, &a3, &e), &e);

    pl_psks_visit v1 = {.psks_id = 1,
                        .assignment_id = a1.id,
                        .person_id = 1,
                        .has_coord = true,
                        .lat = 0.13,
                        .lon = 117.48};
    snprintf(v1.region_code, sizeof v1.region_code, "64.74.01.1001");
    snprintf(v1.visit_date, sizeof v1.visit_date, "2026-01-20");
    snprintf(v1.action, sizeof v1.action, "kunjungan_rumah");
    snprintf(v1.note, sizeof v1.note, "sehat");
    pl_twin_outcome(out, "visit 1", pl_store_psks_visit_add(s, &tester, &v1, &e), &e);
    pl_psks_visit v2 = {.psks_id = 1, .disaster_id = 1};
    snprintf(v2.region_code, sizeof v2.region_code, "64.74");
    snprintf(v2.visit_date, sizeof v2.visit_date, "2026-02-02");
    snprintf(v2.action, sizeof v2.action, "bantuan");
    pl_twin_outcome(out, "visit 2", pl_store_psks_visit_add(s, &tester, &v2, &e), &e);
    pl_psks_visit v3 = v2;
    v3.disaster_id = 99;
    pl_twin_outcome(out, "visit disaster 99", pl_store_psks_visit_add(s, &tester, &v3, &e), &e);
    const unsigned char jpeg[] = {0xff, 0xd8, 0xff, 0x00, 0x10, 0x5c, 0x78, 0x22, 0xff, 0xd9};
    const char *sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    pl_twin_outcome(
        out, "photo",
        pl_store_psks_visit_photo_put(s, &tester, v1.id, "image/jpeg", jpeg, sizeof jpeg, sha, &e),
        &e);
    pl_twin_outcome(
        out, "photo again",
        pl_store_psks_visit_photo_put(s, &tester, v1.id, "image/jpeg", jpeg, sizeof jpeg, sha, &e),
        &e);
    pl_twin_outcome(
        out, "photo visit 99",
        pl_store_psks_visit_photo_put(s, &tester, 99, "image/jpeg", jpeg, sizeof jpeg, sha, &e),
        &e);
    char mime[16];
    void *data = NULL;
    size_t len = 0;
    pl_twin_outcome(out, "photo get",
                    pl_store_psks_visit_photo_get(s, v1.id, mime, &data, &len, &e), &e);
    LOG("photo %s %zu %d\n", mime, len, len == sizeof jpeg && memcmp(data, jpeg, len) == 0);
    free(data);
    pl_twin_outcome(out, "photo get 2",
                    pl_store_psks_visit_photo_get(s, v2.id, mime, &data, &len, &e), &e);
    free(data);
    pl_psks_visit vg;
    pl_twin_outcome(out, "visit get", pl_store_psks_visit_get(s, &vg, v1.id, &e), &e);
    visit_line(out, &vg);
    pl_twin_outcome(out, "visit get 99", pl_store_psks_visit_get(s, &vg, 99, &e), &e);
    pl_psks_visit_filter vf = {0};
    pl_twin_outcome(out, "visits", pl_store_psks_visit_list(s, &vf, visit_line, out, &e), &e);
    vf = (pl_psks_visit_filter){
        .disaster_id = 1, .region = "64", .from = "2026-02-01", .to = "2026-02-02"};
    pl_twin_outcome(out, "visits filtered", pl_store_psks_visit_list(s, &vf, visit_line, out, &e),
                    &e);

    pl_psks_assignment ag;
    pl_twin_outcome(out, "assignment get", pl_store_psks_assignment_get(s, &ag, a1.id, &e), &e);
    assignment_line(out, &ag);
    pl_twin_outcome(out, "assignment get 99", pl_store_psks_assignment_get(s, &ag, 99, &e), &e);
    snprintf(a1.status, sizeof a1.status, "selesai");
    pl_twin_outcome(out, "assignment update", pl_store_psks_assignment_update(s, &tester, &a1, &e),
                    &e);
    a1.version = 1;
    pl_twin_outcome(out, "assignment stale", pl_store_psks_assignment_update(s, &tester, &a1, &e),
                    &e);
    a1.id = 99;
    pl_twin_outcome(out, "assignment 99", pl_store_psks_assignment_update(s, &tester, &a1, &e), &e);
    a2.version = 1;
    snprintf(a2.status, sizeof a2.status, "hilang");
    pl_twin_outcome(out, "assignment bad status",
                    pl_store_psks_assignment_update(s, &tester, &a2, &e), &e);
    pl_psks_assignment_filter af = {0};
    pl_twin_outcome(out, "assignments",
                    pl_store_psks_assignment_list(s, &af, assignment_line, out, &e), &e);
    af = (pl_psks_assignment_filter){.region = "64", .status = "aktif"};
    pl_twin_outcome(out, "assignments 64 aktif",
                    pl_store_psks_assignment_list(s, &af, assignment_line, out, &e), &e);
    af = (pl_psks_assignment_filter){.overdue_on = "2026-03-01"};
    pl_twin_outcome(out, "assignments overdue",
                    pl_store_psks_assignment_list(s, &af, assignment_line, out, &e), &e);
    af = (pl_psks_assignment_filter){.psks_id = 2, .household_id = 3};
    pl_twin_outcome(out, "assignments unit 2",
                    pl_store_psks_assignment_list(s, &af, assignment_line, out, &e), &e);

    pl_psks_deployment d = {.disaster_id = 1, .psks_id = 1};
    snprintf(d.deployed_on, sizeof d.deployed_on, "2026-02-01");
    pl_twin_outcome(out, "deploy", pl_store_psks_deployment_add(s, &tester, &d, &e), &e);
    pl_twin_outcome(out, "deploy again", pl_store_psks_deployment_add(s, &tester, &d, &e), &e);
    d.psks_id = 99;
    pl_twin_outcome(out, "deploy 99", pl_store_psks_deployment_add(s, &tester, &d, &e), &e);
    pl_twin_outcome(out, "deployments",
                    pl_store_psks_deployment_list(s, 1, deployment_line, out, &e), &e);
    pl_twin_outcome(out, "cite", pl_store_membership_cite_visit(s, &tester, 1, v1.id, &e), &e);
    pl_twin_outcome(out, "cite 99", pl_store_membership_cite_visit(s, &tester, 99, v1.id, &e), &e);
    pl_twin_outcome(out, "cite visit 99", pl_store_membership_cite_visit(s, &tester, 1, 99, &e),
                    &e);
}

/* Socio-economic variables, a model, a run, deciles. */
static void pmt(pl_store *s, pl_buf *out)
{
    pl_error e;
    pl_socio so = {.household_id = 1};
    so.vals.has[PL_PMT_LANTAI] = true;
    so.vals.v[PL_PMT_LANTAI] = 1;
    so.vals.has[PL_PMT_LUAS_LANTAI] = true;
    so.vals.v[PL_PMT_LUAS_LANTAI] = 36.5;
    so.vals.has[PL_PMT_LEMARI_ES] = true;
    so.vals.v[PL_PMT_LEMARI_ES] = 1;
    so.vals.has[PL_PMT_ANGGOTA_BEKERJA] = true;
    so.vals.v[PL_PMT_ANGGOTA_BEKERJA] = 2;
    pl_socio first = so;
    pl_twin_outcome(out, "socio put", pl_store_socio_put(s, &tester, &so, &e), &e);
    LOG("socio v%lld %s by=%s:", (long long)so.version, so.source, so.updated_by);
    vals_line(out, &so.vals);
    pl_twin_outcome(out, "socio put again", pl_store_socio_put(s, &tester, &first, &e), &e);
    first.household_id = 99;
    pl_twin_outcome(out, "socio put 99", pl_store_socio_put(s, &tester, &first, &e), &e);
    so.vals.v[PL_PMT_LUAS_LANTAI] = 20;
    snprintf(so.source, sizeof so.source, "lapangan");
    pl_twin_outcome(out, "socio update", pl_store_socio_put(s, &tester, &so, &e), &e);
    so.version = 1;
    pl_twin_outcome(out, "socio stale", pl_store_socio_put(s, &tester, &so, &e), &e);
    pl_socio sg;
    pl_twin_outcome(out, "socio get", pl_store_socio_get(s, &sg, 1, &e), &e);
    LOG("socio v%lld %s:", (long long)sg.version, sg.source);
    vals_line(out, &sg.vals);
    pl_twin_outcome(out, "socio get 2", pl_store_socio_get(s, &sg, 2, &e), &e);

    pl_pmt_model *m = calloc(1, sizeof *m);
    snprintf(m->region, sizeof m->region, "64");
    snprintf(m->source, sizeof m->source, "model.csv");
    m->intercept = 13.25;
    m->terms[m->n_terms++] = (pl_pmt_term){PL_PMT_LUAS_LANTAI, -1, 0.01};
    m->terms[m->n_terms++] = (pl_pmt_term){PL_PMT_LANTAI, 1, -0.2};
    m->terms[m->n_terms++] = (pl_pmt_term){PL_PMT_LANTAI, 0, 0.3};
    pl_twin_outcome(out, "model", pl_store_pmt_model_add(s, &tester, m, &e), &e);
    model_line(out, m);
    pl_twin_outcome(out, "model 2", pl_store_pmt_model_add(s, &tester, m, &e), &e);
    model_line(out, m);
    pl_twin_outcome(out, "models", pl_store_pmt_model_list(s, false, model_line, out, &e), &e);
    pl_twin_outcome(out, "models current", pl_store_pmt_model_list(s, true, model_line, out, &e),
                    &e);
    pl_twin_outcome(out, "model get", pl_store_pmt_model_get(s, m, 1, &e), &e);
    model_line(out, m);
    for (int i = 0; i < m->n_terms; i++)
        LOG("  term %d %d %g\n", m->terms[i].var, m->terms[i].option, m->terms[i].weight);
    pl_twin_outcome(out, "model get 99", pl_store_pmt_model_get(s, m, 99, &e), &e);
    free(m);
    const char *regions[] = {"", "64", "64.74.01.1001", "32", "11"};
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        LOG("subjects '%s'\n", regions[i]);
        pl_twin_outcome(out, "subjects",
                        pl_store_pmt_subjects(s, regions[i], "2026-03-15", subject_line, out, &e),
                        &e);
    }
    pl_pmt_run run = {.scored = 2, .unscored = 1};
    snprintf(run.region, sizeof run.region, "64");
    snprintf(run.reason, sizeof run.reason, "manual");
    pl_twin_outcome(out, "run", pl_store_pmt_run_add(s, &tester, &run, &e), &e);
    LOG("run %lld %s\n", (long long)run.id, run.actor);
    for (int h = 1; h <= 2; h++) {
        pl_pmt_score_row sc = {.run_id = run.id,
                               .household_id = h,
                               .model_id = 2,
                               .score = 12.5 + h,
                               .decile = h == 1 ? 3 : 10};
        snprintf(sc.province, sizeof sc.province, "64");
        static const char explain[] = "[{\"var\":\"lantai\",\"value\":\"keramik\"}]";
        memcpy(sc.explain, explain, sizeof explain);
        pl_twin_outcome(out, "score", pl_store_pmt_score_add(s, &sc, &e), &e);
    }
    long changed = -1;
    pl_twin_outcome(out, "finish", pl_store_pmt_run_finish(s, &tester, &run, &changed, &e), &e);
    LOG("changed %ld\n", changed);
    pl_pmt_run run2 = {.scored = 1};
    run2.region[0] = '\0';
    snprintf(run2.reason, sizeof run2.reason, "ulang");
    pl_twin_outcome(out, "run 2", pl_store_pmt_run_add(s, &tester, &run2, &e), &e);
    for (int h = 1; h <= 3; h += 2) {
        pl_pmt_score_row sc = {
            .run_id = run2.id, .household_id = h, .model_id = 2, .score = 1.0 / 3, .decile = 3};
        snprintf(sc.province, sizeof sc.province, "%s", h == 3 ? "32" : "64");
        pl_twin_outcome(out, "score", pl_store_pmt_score_add(s, &sc, &e), &e);
    }
    pl_twin_outcome(out, "finish 2", pl_store_pmt_run_finish(s, &tester, &run2, &changed, &e), &e);
    LOG("changed %ld\n", changed);
    pl_twin_outcome(out, "runs", pl_store_pmt_run_list(s, "", 10, run_line, out, &e), &e);
    pl_twin_outcome(out, "runs 64.74", pl_store_pmt_run_list(s, "64.74", 10, run_line, out, &e),
                    &e);
    pl_twin_outcome(out, "runs 32 limit 1", pl_store_pmt_run_list(s, "32", 1, run_line, out, &e),
                    &e);
    pl_twin_outcome(out, "history", pl_store_pmt_score_history(s, 1, score_line, out, &e), &e);
    int desil = -1;
    for (int h = 1; h <= 4; h++) {
        pl_twin_outcome(out, "desil", pl_store_household_desil(s, h, &desil, &e), &e);
        LOG("desil %d %d\n", h, desil);
    }
    pl_twin_outcome(out, "desil 99", pl_store_household_desil(s, 99, &desil, &e), &e);
    pl_twin_outcome(out, "deciles", pl_store_pmt_decile_by_village(s, decile_line, out, &e), &e);
}

/*
 * Every number of v as a real: SQLite's images write a REAL column's 20.0 as 20.0, PostgreSQL's
 * (json_object_agg of jsonb) as 20; the same number either way.
 */
static json_t *reals(json_t *v)
{
    size_t i;
    const char *k;
    json_t *x;
    if (json_is_integer(v))
        return json_real((double)json_integer_value(v));
    if (json_is_array(v))
        json_array_foreach(v, i, x) json_array_set_new(v, i, reals(x));
    else if (json_is_object(v))
        json_object_foreach(v, k, x) json_object_set_new(v, k, reals(x));
    return json_incref(v);
}

static void run_both(fx *f, void (*scenario)(pl_store *, pl_buf *), const char *what)
{
    pl_buf a, b;
    pl_buf_init(&a, 0);
    pl_buf_init(&b, 0);
    scenario(f->sq, &a);
    scenario(f->pg, &b);
    pl_twin_same(what, a.data ? a.data : "", b.data ? b.data : "");
    pl_buf_free(&a);
    pl_buf_free(&b);
}

static void test_same_as_sqlite(void **state)
{
    fx *f = *state;
    long from = 1;
    { /* the seed's own audit rows are not this test's subject */
        PGresult *r = PQexec(f->admin, "SELECT coalesce(max(id), 0) + 1 FROM audit");
        from = atol(PQgetvalue(r, 0, 0));
        PQclear(r);
    }
    long from_sq = 1;
    {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(pl_sq_of(f->sq)->db, "SELECT coalesce(max(id), 0) + 1 FROM audit", -1,
                           &st, NULL);
        sqlite3_step(st);
        from_sq = (long)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    run_both(f, registry, "PSKS registry");
    run_both(f, visits, "PSKS visits");
    run_both(f, pmt, "PMT");
    json_t *sq = pl_twin_audit(f, false, from_sq), *pg = pl_twin_audit(f, true, from);
    json_t *a_sq = reals(sq), *a_pg = reals(pg);
    json_decref(sq);
    json_decref(pg);
    sq = a_sq;
    pg = a_pg;
    char *a = json_dumps(sq, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    char *b = json_dumps(pg, JSON_INDENT(1) | JSON_SORT_KEYS | JSON_REAL_PRECISION(15));
    if (!json_equal(sq, pg))
        pl_twin_same("audit", a, b);
    assert_true(json_array_size(sq) > 40);
    free(a);
    free(b);
    json_decref(sq);
    json_decref(pg);
}

static int count_cb(void *ctx, const pl_pmt_subject *x)
{
    (void)x;
    (*(int *)ctx)++;
    return 0;
}

/*
 * A province's scoring touches only its partitions: with West Java's household and person
 * partitions locked by another session, East Kalimantan's subjects (again and again: the
 * plan must keep pruning) and deciles go through, while a run over every province waits.
 */
static void test_province_run_prunes(void **state)
{
    fx *f = *state;
    pl_pg_store *s = pl_pg_of(f->pg);
    pl_error e;
    assert_int_equal(pl_pg_command(s, "SET statement_timeout = '3s'", 0, NULL, &e, "t"), 0);
    pl_twin_pg(f->admin, "BEGIN");
    pl_twin_pg(f->admin, "LOCK TABLE household_32, person_32 IN ACCESS EXCLUSIVE MODE");
    for (int i = 0; i < 8; i++) {
        int n = 0;
        int rc = pl_store_pmt_subjects(f->pg, "64", "2026-03-15", count_cb, &n, &e);
        if (rc)
            fail_msg("subjects 64: %s", e.message);
        assert_int_equal(n, 2);
    }
    pl_pmt_run run = {.scored = 1};
    snprintf(run.region, sizeof run.region, "64");
    assert_int_equal(pl_store_begin(f->pg, &e), 0);
    assert_int_equal(pl_store_pmt_run_add(f->pg, &tester, &run, &e), 0);
    pl_pmt_score_row sc = {.run_id = run.id, .household_id = 2, .model_id = 0, .decile = 4};
    snprintf(sc.province, sizeof sc.province, "64");
    /* A model to cite. */
    assert_int_equal(pl_pg_command(s,
                                   "INSERT INTO pmt_model(region, version, intercept, created_at, "
                                   "created_by) VALUES ('64', 1, 0, pl_now(), pl_actor())",
                                   0, NULL, &e, "t"),
                     0);
    sc.model_id = 1;
    assert_int_equal(pl_store_pmt_score_add(f->pg, &sc, &e), 0);
    long changed = 0;
    int rc = pl_store_pmt_run_finish(f->pg, &tester, &run, &changed, &e);
    if (rc)
        fail_msg("finish 64: %s", e.message);
    assert_int_equal(pl_store_commit(f->pg, &e), 0);
    assert_int_equal(changed, 1);
    int n = 0;
    assert_int_not_equal(pl_store_pmt_subjects(f->pg, "", "2026-03-15", count_cb, &n, &e), 0);
    pl_twin_pg(f->admin, "ROLLBACK");
    n = 0;
    assert_int_equal(pl_store_pmt_subjects(f->pg, "", "2026-03-15", count_cb, &n, &e), 0);
    assert_int_equal(n, 3);
}

/* A province with more households than a page of subjects (5000): every one, once, by id. */
static int order_cb(void *ctx, const pl_pmt_subject *x)
{
    int64_t *last = ctx;
    if (x->household_id <= last[0])
        fail_msg("subject %lld after %lld", (long long)x->household_id, (long long)last[0]);
    last[0] = x->household_id;
    last[1]++;
    if (x->household_id == 5050 && x->members.living != 1)
        fail_msg("household 5050 has %d living members", x->members.living);
    return 0;
}

static void test_subjects_page(void **state)
{
    fx *f = *state;
    /* As a bulk load: the households' audit rows (sealed one by one) are not the subject. */
    pl_twin_pg(f->admin, "SELECT set_config('pilar.audit_inserts', 'off', false)");
    pl_twin_pg(f->admin,
               "INSERT INTO household(id, kk, village_code, created_at, created_by, "
               "updated_at) SELECT g, '8' || lpad(g::text, 15, '0'), '64.74.01.1002', " NOW
               ", 'seed', " NOW " FROM generate_series(10, 5109) g");
    pl_twin_pg(f->admin, "INSERT INTO person(id, household_id, name, name_norm, village_code, "
                         "created_at, created_by, updated_at) VALUES (9999, 5050, 'A', 'a', "
                         "'64.74.01.1002', " NOW ", 'seed', " NOW ")");
    int64_t seen[2] = {0, 0};
    pl_error e;
    assert_int_equal(pl_store_pmt_subjects(f->pg, "64", "2026-03-15", order_cb, seen, &e), 0);
    assert_int_equal(seen[1], 5100 + 2);
}

int main(void)
{
    if (!pl_twin_cluster())
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_as_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_province_run_prunes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subjects_page, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_pg_dtsen.c - the DTSEN update cycle's store (store/dtsen.h) and the outer transaction
 * (pl_store_begin_outer) on PostgreSQL against their SQLite twins: the same sequence of store
 * calls on both must give the same transcript (results, ordering, error codes, fields and
 * messages: stale versions, a ratified cycle's lock, unknown references) and the same audit
 * rows (before and after images compared as JSON). Inside an outer transaction, begin, commit
 * and rollback nest as savepoints on both: a nested rollback undoes its part only, a refused
 * statement leaves the transaction usable, the outermost commit or rollback ends it all. Run by
 * ctest as pg/test_pg_dtsen through scripts/pg-cluster run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fixture.h"
#include "pg_twin.h"

#include "store/dtsen.h"
#include "store/pg/internal.h"
#include "store/psks.h"
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

static void seed(fx *f)
{
    pl_twin_both(f, "INSERT INTO region(code, parent, level, name) VALUES "
                    "('64', NULL, 1, 'Kalimantan Timur'), ('64.74', '64', 2, 'Kota Bontang'), "
                    "('64.74.01', '64.74', 3, 'Bontang Utara'), "
                    "('64.74.01.1001', '64.74.01', 4, 'Bontang Kuala'), "
                    "('64.74.01.1002', '64.74.01', 4, 'Bontang Baru'), "
                    "('64.72', '64', 2, 'Kota Samarinda'), ('64.72.01', '64.72', 3, 'Palaran'), "
                    "('64.72.01.1001', '64.72.01', 4, 'Rawa Makmur')");
}

static int setup(void **state)
{
    fx *f = pl_twin_new("dtsen");
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

/* A stamp's shape (its value is the clock's): YYYY-MM-DDTHH:MM:SSZ or empty. */
static const char *stamp(const char *t)
{
    return t[0] == '\0' ? "-" : strlen(t) == 20 && t[10] == 'T' && t[19] == 'Z' ? "T" : t;
}

static void file_line(pl_buf *out, const pl_dtsen_file *x)
{
    LOG("  file %lld %s %s %s %ld %s %s %s by=%s\n", (long long)x->id, x->kind, x->name, x->mime,
        x->size, x->sha256, x->blake2b, stamp(x->created_at), x->created_by);
}

static int setting_line(void *ctx, const pl_dtsen_setting *x)
{
    pl_buf *out = ctx;
    LOG("  setting '%s' '%s' cut=%d days=%d %s by=%s\n", x->region, x->month, x->cutoff_day,
        x->objection_days, stamp(x->updated_at), x->updated_by);
    return 0;
}

static int meeting_line(void *ctx, const pl_dtsen_meeting *m)
{
    pl_buf *out = ctx;
    LOG("  meeting %lld %s %s %s %d '%s' f%lld f%lld '%s' v%lld %s by=%s n=%ld\n", (long long)m->id,
        m->village, m->kind, m->held_on, m->participants, m->participants_note,
        (long long)m->minutes_file_id, (long long)m->sptjm_file_id, m->sptjm_number,
        (long long)m->version, stamp(m->created_at), m->created_by, m->proposals);
    return 0;
}

static int cycle_line(void *ctx, const pl_dtsen_cycle *c)
{
    pl_buf *out = ctx;
    LOG("  cycle %lld %s %s %s cut=%d sk='%s' '%s' f%lld %s by='%s' %ld/%ld/%ld '%s' v%lld %s "
        "n=%ld/%ld/%ld/%ld/%ld\n",
        (long long)c->id, c->regency, c->period, c->status, c->cutoff_day, c->sk_number, c->sk_date,
        (long long)c->sk_file_id, stamp(c->ratified_at), c->ratified_by, c->applied, c->rejected,
        c->carried, c->score_note, (long long)c->version, stamp(c->created_at), c->n_in, c->n_field,
        c->n_checked, c->n_rejected, c->n_ratified);
    return 0;
}

static int proposal_line(void *ctx, const pl_dtsen_proposal *p)
{
    pl_buf *out = ctx;
    LOG("  proposal %lld m%lld c%lld %s %s '%s' p%lld h%lld %s '%s' f%lld '%s' %s '%s' '%s' '%s' "
        "ap%lld ah%lld %s %s by=%s v%lld %s %s\n",
        (long long)p->id, (long long)p->meeting_id, (long long)p->cycle_id, p->village, p->kind,
        p->removal, (long long)p->person_id, (long long)p->household_id, p->data, p->note,
        (long long)p->evidence_file_id, p->death_date, p->status, p->missing, p->duplicates,
        p->reject_reason, (long long)p->applied_person_id, (long long)p->applied_household_id,
        p->entered_on, stamp(p->entered_at), p->entered_by, (long long)p->version, p->period,
        p->cycle_status);
    return 0;
}

static int check_line(void *ctx, const pl_dtsen_check *c)
{
    pl_buf *out = ctx;
    LOG("  check %lld p%lld o%lld %s u%lld a%lld v%lld due='%s' %s '%s' '%s' v%lld %s by=%s "
        "'%s' '%s'\n",
        (long long)c->id, (long long)c->proposal_id, (long long)c->objection_id, c->region_code,
        (long long)c->psks_id, (long long)c->assignment_id, (long long)c->visit_id, c->due_date,
        c->status, c->recommendation, c->findings, (long long)c->version, stamp(c->created_at),
        c->created_by, c->visited_on, c->psks_name);
    return 0;
}

static int objection_line(void *ctx, const pl_dtsen_objection *o)
{
    pl_buf *out = ctx;
    LOG("  objection %lld %s h%lld %s '%s' '%s' %s %s '%s' '%s' '%s' %s %s %s '%s' '%s' '%s' "
        "'%s' '%s' v%lld %s by=%s\n",
        (long long)o->id, o->village, (long long)o->household_id, o->kind, o->subject_name,
        o->subject_address, o->filer_kind, o->filer_name, o->filer_contact, o->filer_address,
        o->statement, o->filed_on, o->due_on, o->status, o->decision, o->decision_reason,
        o->decided_on, o->answer_number, o->answered_on, (long long)o->version,
        stamp(o->created_at), o->created_by);
    return 0;
}

/*
 * A meeting without its id: a row of a rolled-back unit of work (or a refused insert) gives its
 * id back on SQLite (the next row takes the highest id + 1), never on PostgreSQL (an identity).
 */
static int meeting_noid(void *ctx, const pl_dtsen_meeting *m)
{
    pl_dtsen_meeting x = *m;
    x.id = 0;
    return meeting_line(ctx, &x);
}

#define SET(dst, v) snprintf((dst), sizeof(dst), "%s", (v))

static pl_dtsen_meeting meeting(const char *village, const char *held_on)
{
    pl_dtsen_meeting m = {.participants = 12};
    SET(m.village, village);
    SET(m.kind, "musdes");
    SET(m.held_on, held_on);
    SET(m.participants_note, "kepala desa, RT");
    return m;
}

static pl_dtsen_proposal proposal(int64_t meeting_id, int64_t cycle_id, const char *village,
                                  const char *kind)
{
    pl_dtsen_proposal p = {.meeting_id = meeting_id, .cycle_id = cycle_id};
    SET(p.village, village);
    SET(p.kind, kind);
    SET(p.data, "{\"nama\":\"Siti\",\"nik\":\"6474014101800001\"}");
    SET(p.entered_on, "2026-03-02");
    return p;
}

/* Documents, settings, meetings, cycles, proposals, field checks and objections. */
static void scenario(pl_store *s, pl_buf *out)
{
    pl_error e;
    /* documents: bytes with a zero and high bytes come back as they went */
    static const unsigned char bytes[] = {'%', 'P', 'D', 'F', 0, 0xff, 0x80, '\n', '\\', 'x'};
    pl_dtsen_file doc = {0};
    SET(doc.kind, "notulen");
    SET(doc.name, "notulen musdes.pdf");
    SET(doc.mime, "application/pdf");
    memset(doc.sha256, 'a', 64);
    memset(doc.blake2b, 'b', 64);
    pl_twin_outcome(out, "file add",
                    pl_store_dtsen_file_add(s, &tester, &doc, bytes, sizeof bytes, &e), &e);
    file_line(out, &doc);
    pl_dtsen_file sk = doc;
    SET(sk.kind, "sk");
    pl_twin_outcome(out, "file add sk", pl_store_dtsen_file_add(s, &tester, &sk, "", 0, &e), &e);
    pl_dtsen_file bad = doc;
    SET(bad.kind, "foto");
    pl_twin_outcome(out, "file add bad kind", pl_store_dtsen_file_add(s, &tester, &bad, "x", 1, &e),
                    &e);
    pl_dtsen_file got;
    pl_twin_outcome(out, "file get", pl_store_dtsen_file_get(s, &got, doc.id, &e), &e);
    file_line(out, &got);
    pl_twin_outcome(out, "file get 99", pl_store_dtsen_file_get(s, &got, 99, &e), &e);
    void *data = NULL;
    size_t len = 0;
    pl_twin_outcome(out, "file data", pl_store_dtsen_file_data(s, doc.id, &data, &len, &e), &e);
    LOG("  %zu bytes, same=%d\n", len, len == sizeof bytes && memcmp(data, bytes, len) == 0);
    free(data);
    pl_twin_outcome(out, "file data empty", pl_store_dtsen_file_data(s, sk.id, &data, &len, &e),
                    &e);
    LOG("  %zu bytes\n", len);
    free(data);
    pl_twin_outcome(out, "file data 99", pl_store_dtsen_file_data(s, 99, &data, &len, &e), &e);

    /* settings */
    pl_dtsen_setting st = {.cutoff_day = 20, .objection_days = 30};
    SET(st.region, "64");
    pl_twin_outcome(out, "setting put", pl_store_dtsen_setting_put(s, &tester, &st, &e), &e);
    setting_line(out, &st);
    st.cutoff_day = 25;
    pl_twin_outcome(out, "setting put again", pl_store_dtsen_setting_put(s, &tester, &st, &e), &e);
    setting_line(out, &st);
    pl_dtsen_setting st2 = {.cutoff_day = 10};
    SET(st2.region, "64.74");
    SET(st2.month, "2026-03");
    pl_twin_outcome(out, "setting put month", pl_store_dtsen_setting_put(s, &tester, &st2, &e), &e);
    pl_dtsen_setting st3 = {.cutoff_day = 40};
    SET(st3.region, "64.72");
    pl_twin_outcome(out, "setting put bad day", pl_store_dtsen_setting_put(s, &tester, &st3, &e),
                    &e);
    pl_twin_outcome(out, "setting get", pl_store_dtsen_setting_get(s, &st3, "64.74", "2026-03", &e),
                    &e);
    setting_line(out, &st3);
    pl_twin_outcome(out, "setting get none", pl_store_dtsen_setting_get(s, &st3, "64.74", "", &e),
                    &e);
    pl_twin_outcome(out, "settings", pl_store_dtsen_setting_list(s, setting_line, out, &e), &e);

    /* meetings */
    pl_dtsen_meeting m1 = meeting("64.74.01.1001", "2026-03-01");
    m1.minutes_file_id = doc.id;
    pl_twin_outcome(out, "meeting add", pl_store_dtsen_meeting_add(s, &tester, &m1, &e), &e);
    meeting_line(out, &m1);
    pl_dtsen_meeting m2 = meeting("64.72.01.1001", "2026-03-05");
    pl_twin_outcome(out, "meeting add 2", pl_store_dtsen_meeting_add(s, &tester, &m2, &e), &e);
    pl_dtsen_meeting m3 = meeting("64.74.01.1002", "2026-03-01");
    pl_twin_outcome(out, "meeting add 3", pl_store_dtsen_meeting_add(s, &tester, &m3, &e), &e);
    pl_dtsen_meeting mx = meeting("64.99.01.1001", "2026-03-01");
    pl_twin_outcome(out, "meeting add unknown village",
                    pl_store_dtsen_meeting_add(s, &tester, &mx, &e), &e);
    mx = meeting("64.74.01.1001", "2026-03-01");
    mx.sptjm_file_id = 99;
    pl_twin_outcome(out, "meeting add unknown file",
                    pl_store_dtsen_meeting_add(s, &tester, &mx, &e), &e);
    m1.sptjm_file_id = doc.id;
    SET(m1.sptjm_number, "SPTJM/01");
    pl_twin_outcome(out, "meeting update", pl_store_dtsen_meeting_update(s, &tester, &m1, &e), &e);
    meeting_line(out, &m1);
    m1.version = 1;
    pl_twin_outcome(out, "meeting update stale", pl_store_dtsen_meeting_update(s, &tester, &m1, &e),
                    &e);
    mx.id = 99;
    mx.version = 1;
    pl_twin_outcome(out, "meeting update 99", pl_store_dtsen_meeting_update(s, &tester, &mx, &e),
                    &e);
    pl_twin_outcome(out, "meeting get 99", pl_store_dtsen_meeting_get(s, &mx, 99, &e), &e);
    const char *regions[] = {"", "64", "64.74", "64.74.01.1001", "64.7", "32"};
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
        LOG("meetings '%s'\n", regions[i]);
        pl_twin_outcome(out, "meetings",
                        pl_store_dtsen_meeting_list(s, regions[i], meeting_line, out, &e), &e);
    }

    /* cycles */
    pl_dtsen_cycle c1, c1b, c2, cx;
    pl_twin_outcome(out, "cycle ensure",
                    pl_store_dtsen_cycle_ensure(s, &tester, &c1, "64.74", "2026-03", 20, &e), &e);
    cycle_line(out, &c1);
    pl_twin_outcome(out, "cycle ensure again",
                    pl_store_dtsen_cycle_ensure(s, &tester, &c1b, "64.74", "2026-03", 25, &e), &e);
    cycle_line(out, &c1b);
    pl_twin_outcome(out, "cycle ensure 2",
                    pl_store_dtsen_cycle_ensure(s, &tester, &c2, "64.72", "2025-12", 15, &e), &e);
    pl_twin_outcome(out, "cycle get 99", pl_store_dtsen_cycle_get(s, &cx, 99, &e), &e);

    /* proposals */
    pl_dtsen_proposal pa = proposal(m1.id, c1.id, "64.74.01.1001", "tambah_keluarga");
    pl_twin_outcome(out, "proposal add", pl_store_dtsen_proposal_add(s, &tester, &pa, &e), &e);
    proposal_line(out, &pa);
    pl_dtsen_proposal pb = proposal(m1.id, c1.id, "64.74.01.1001", "hapus");
    SET(pb.removal, "meninggal");
    SET(pb.death_date, "2026-02-01");
    pb.person_id = 7;
    pb.data[0] = '\0';
    SET(pb.status, "cek_lapangan");
    pl_twin_outcome(out, "proposal add 2", pl_store_dtsen_proposal_add(s, &tester, &pb, &e), &e);
    proposal_line(out, &pb);
    pl_dtsen_proposal pc = proposal(m3.id, c1.id, "64.74.01.1002", "ubah");
    pl_twin_outcome(out, "proposal add 3", pl_store_dtsen_proposal_add(s, &tester, &pc, &e), &e);
    pl_dtsen_proposal pd = proposal(m2.id, c2.id, "64.72.01.1001", "tambah_orang");
    pl_twin_outcome(out, "proposal add 4", pl_store_dtsen_proposal_add(s, &tester, &pd, &e), &e);
    pl_dtsen_proposal px = proposal(m1.id, c1.id, "64.74.01.1001", "pindah");
    pl_twin_outcome(out, "proposal add bad kind", pl_store_dtsen_proposal_add(s, &tester, &px, &e),
                    &e);
    px = proposal(m1.id, c1.id, "64.74.01.1001", "ubah");
    SET(px.data, "{\"nama\":");
    pl_twin_outcome(out, "proposal add bad JSON", pl_store_dtsen_proposal_add(s, &tester, &px, &e),
                    &e);
    px = proposal(99, c1.id, "64.74.01.1001", "ubah");
    pl_twin_outcome(out, "proposal add unknown meeting",
                    pl_store_dtsen_proposal_add(s, &tester, &px, &e), &e);
    SET(pc.status, "diperiksa");
    SET(pc.note, "lengkap");
    SET(pc.missing, "");
    SET(pc.duplicates, "NIK sama dengan #3");
    pc.evidence_file_id = doc.id;
    pl_twin_outcome(out, "proposal update", pl_store_dtsen_proposal_update(s, &tester, &pc, &e),
                    &e);
    proposal_line(out, &pc);
    pc.version = 1;
    pl_twin_outcome(out, "proposal update stale",
                    pl_store_dtsen_proposal_update(s, &tester, &pc, &e), &e);
    pc.version = 2;
    SET(pc.status, "ditolak");
    pl_twin_outcome(out, "proposal reject without reason",
                    pl_store_dtsen_proposal_update(s, &tester, &pc, &e), &e);
    px.id = 99;
    px.version = 1;
    pl_twin_outcome(out, "proposal update 99", pl_store_dtsen_proposal_update(s, &tester, &px, &e),
                    &e);
    pl_twin_outcome(out, "proposal get 99", pl_store_dtsen_proposal_get(s, &px, 99, &e), &e);

    /* field checks (a unit of PSKS to assign) */
    pl_psks_unit u = {.type = 1, .n_areas = 1};
    SET(u.kind, "orang");
    SET(u.name, "Tagana Bontang");
    SET(u.area_code, "64.74.01");
    SET(u.valid_from, "2025-01-01");
    SET(u.areas[0], "64.74");
    pl_twin_outcome(out, "psks add", pl_store_psks_add(s, &tester, &u, &e), &e);
    pl_dtsen_check k1 = {.proposal_id = pb.id, .psks_id = u.id};
    SET(k1.region_code, "64.74.01.1001");
    SET(k1.due_date, "2026-03-20");
    pl_twin_outcome(out, "check add", pl_store_dtsen_check_add(s, &tester, &k1, &e), &e);
    check_line(out, &k1);

    /* objections */
    pl_dtsen_objection o1 = {0};
    SET(o1.village, "64.74.01.1002");
    SET(o1.kind, "tidak_masuk");
    SET(o1.subject_name, "Keluarga Joko");
    SET(o1.filer_kind, "warga");
    SET(o1.filer_name, "Joko");
    SET(o1.statement, "Kami layak tetapi tidak terdaftar.");
    SET(o1.filed_on, "2026-03-03");
    SET(o1.due_on, "2026-04-02");
    pl_twin_outcome(out, "objection add", pl_store_dtsen_objection_add(s, &tester, &o1, &e), &e);
    objection_line(out, &o1);
    pl_dtsen_objection o2 = o1;
    SET(o2.village, "64.72.01.1001");
    SET(o2.filed_on, "2025-11-03");
    SET(o2.due_on, "2025-12-03");
    pl_twin_outcome(out, "objection add 2", pl_store_dtsen_objection_add(s, &tester, &o2, &e), &e);
    pl_dtsen_objection ox = o1;
    SET(ox.filer_kind, "camat");
    pl_twin_outcome(out, "objection add bad filer",
                    pl_store_dtsen_objection_add(s, &tester, &ox, &e), &e);
    pl_dtsen_check k2 = {.objection_id = o1.id, .psks_id = u.id};
    SET(k2.region_code, "64.74.01.1002");
    pl_twin_outcome(out, "check add objection", pl_store_dtsen_check_add(s, &tester, &k2, &e), &e);
    /* refused inserts last: PostgreSQL's identities do not give a refused row's id again */
    pl_dtsen_check kx = {.psks_id = u.id};
    SET(kx.region_code, "64.74.01.1001");
    pl_twin_outcome(out, "check add without subject", pl_store_dtsen_check_add(s, &tester, &kx, &e),
                    &e);
    SET(k1.status, "selesai");
    SET(k1.recommendation, "setuju");
    SET(k1.findings, "benar meninggal");
    pl_twin_outcome(out, "check update", pl_store_dtsen_check_update(s, &tester, &k1, &e), &e);
    check_line(out, &k1);
    k1.version = 1;
    pl_twin_outcome(out, "check update stale", pl_store_dtsen_check_update(s, &tester, &k1, &e),
                    &e);
    kx.id = 99;
    kx.version = 1;
    pl_twin_outcome(out, "check update 99", pl_store_dtsen_check_update(s, &tester, &kx, &e), &e);
    pl_twin_outcome(out, "check get 99", pl_store_dtsen_check_get(s, &kx, 99, &e), &e);
    pl_dtsen_check_filter kf[] = {
        {.region = ""},         {.region = "64.74.01.1002"}, {.psks_id = u.id, .status = "selesai"},
        {.proposal_id = pb.id}, {.objection_id = o1.id},     {.region = "64.72"}};
    for (size_t i = 0; i < sizeof kf / sizeof kf[0]; i++) {
        LOG("checks %zu\n", i);
        pl_twin_outcome(out, "checks", pl_store_dtsen_check_list(s, &kf[i], check_line, out, &e),
                        &e);
    }
    SET(o1.status, "diputus");
    SET(o1.decision, "dikabulkan");
    SET(o1.decision_reason, "hasil cek lapangan");
    SET(o1.decided_on, "2026-03-10");
    pl_twin_outcome(out, "objection update", pl_store_dtsen_objection_update(s, &tester, &o1, &e),
                    &e);
    objection_line(out, &o1);
    o1.version = 1;
    pl_twin_outcome(out, "objection update stale",
                    pl_store_dtsen_objection_update(s, &tester, &o1, &e), &e);
    ox.id = 99;
    ox.version = 1;
    pl_twin_outcome(out, "objection update 99",
                    pl_store_dtsen_objection_update(s, &tester, &ox, &e), &e);
    pl_twin_outcome(out, "objection get 99", pl_store_dtsen_objection_get(s, &ox, 99, &e), &e);
    pl_dtsen_objection_filter of[] = {{.region = ""},
                                      {.region = "64.74", .status = "diputus"},
                                      {.overdue_on = "2026-01-01"},
                                      {.year = "2025"},
                                      {.region = "64.72.01", .year = ""}};
    for (size_t i = 0; i < sizeof of / sizeof of[0]; i++) {
        LOG("objections %zu\n", i);
        pl_twin_outcome(out, "objections",
                        pl_store_dtsen_objection_list(s, &of[i], objection_line, out, &e), &e);
    }

    /* ratification, the lock, carrying over */
    pl_dtsen_cycle next;
    pl_twin_outcome(out, "cycle ensure next",
                    pl_store_dtsen_cycle_ensure(s, &tester, &next, "64.74", "2026-04", 20, &e), &e);
    pl_twin_outcome(out, "cycle ensure unknown",
                    pl_store_dtsen_cycle_ensure(s, &tester, &cx, "64.99", "2026-03", 15, &e), &e);
    long moved = -1;
    pl_twin_outcome(out, "carry",
                    pl_store_dtsen_proposal_carry(s, &tester, c1.id, next.id, &moved, &e), &e);
    LOG("  moved %ld\n", moved);
    pl_twin_outcome(out, "cycle get", pl_store_dtsen_cycle_get(s, &c1, c1.id, &e), &e);
    cycle_line(out, &c1);
    SET(c1.sk_number, "SK/2026/03");
    SET(c1.sk_date, "2026-03-28");
    c1.sk_file_id = sk.id;
    c1.applied = 1;
    c1.carried = moved;
    SET(c1.score_note, "belum");
    pl_dtsen_cycle stale = c1;
    stale.version = c1.version + 1;
    pl_twin_outcome(out, "ratify stale", pl_store_dtsen_cycle_ratify(s, &tester, &stale, &e), &e);
    pl_twin_outcome(out, "ratify", pl_store_dtsen_cycle_ratify(s, &tester, &c1, &e), &e);
    cycle_line(out, &c1);
    pl_twin_outcome(out, "ratify again", pl_store_dtsen_cycle_ratify(s, &tester, &c1, &e), &e);
    stale.id = 99;
    pl_twin_outcome(out, "ratify 99", pl_store_dtsen_cycle_ratify(s, &tester, &stale, &e), &e);
    pl_twin_outcome(out, "cycle note",
                    pl_store_dtsen_cycle_note(s, &tester, c1.id, "peringkat dihitung ulang", &e),
                    &e);
    pl_twin_outcome(out, "proposal get", pl_store_dtsen_proposal_get(s, &pc, pc.id, &e), &e);
    SET(pc.note, "diubah sesudah SK");
    pl_twin_outcome(out, "proposal update locked",
                    pl_store_dtsen_proposal_update(s, &tester, &pc, &e), &e);
    px = proposal(m1.id, c1.id, "64.74.01.1001", "ubah");
    pl_twin_outcome(out, "proposal add locked", pl_store_dtsen_proposal_add(s, &tester, &px, &e),
                    &e);
    pl_twin_outcome(out, "carry locked",
                    pl_store_dtsen_proposal_carry(s, &tester, c1.id, next.id, &moved, &e), &e);
    LOG("  moved %ld\n", moved);

    pl_dtsen_proposal_filter pf[] = {{.region = ""},
                                     {.region = "64.74", .cycle_id = next.id},
                                     {.meeting_id = m1.id},
                                     {.status = "diperiksa"},
                                     {.region = "64.72.01.1001", .status = ""}};
    for (size_t i = 0; i < sizeof pf / sizeof pf[0]; i++) {
        LOG("proposals %zu\n", i);
        pl_twin_outcome(out, "proposals",
                        pl_store_dtsen_proposal_list(s, &pf[i], proposal_line, out, &e), &e);
    }
    const char *years[][2] = {{"", ""}, {"64", "2026"}, {"64.72", ""}, {"", "2025"}, {"32", ""}};
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        LOG("cycles '%s' '%s'\n", years[i][0], years[i][1]);
        pl_twin_outcome(out, "cycles",
                        pl_store_dtsen_cycle_list(s, years[i][0], years[i][1], cycle_line, out, &e),
                        &e);
    }
    pl_twin_outcome(out, "meetings", pl_store_dtsen_meeting_list(s, "", meeting_line, out, &e), &e);
}

/*
 * The outer transaction: nested units of work as savepoints, a refused statement inside one,
 * the outermost commit and rollback.
 */
static void outer(pl_store *s, pl_buf *out)
{
    pl_error e;
    pl_twin_outcome(out, "begin", pl_store_begin(s, &e), &e);
    pl_twin_outcome(out, "begin nested without outer", pl_store_begin(s, &e), &e);
    pl_twin_outcome(out, "begin outer inside", pl_store_begin_outer(s, &e), &e);
    pl_twin_outcome(out, "rollback", pl_store_rollback(s), &e);

    pl_twin_outcome(out, "begin outer", pl_store_begin_outer(s, &e), &e);
    pl_dtsen_meeting a = meeting("64.74.01.1001", "2026-05-01");
    pl_twin_outcome(out, "outer: meeting a", pl_store_dtsen_meeting_add(s, &tester, &a, &e), &e);
    /* a nested unit rolled back: its meeting is gone, the outer one's stays */
    pl_twin_outcome(out, "begin nested", pl_store_begin(s, &e), &e);
    pl_dtsen_meeting b = meeting("64.74.01.1001", "2026-05-02");
    pl_twin_outcome(out, "nested: meeting b", pl_store_dtsen_meeting_add(s, &tester, &b, &e), &e);
    pl_twin_outcome(out, "rollback nested", pl_store_rollback(s), &e);
    /* a nested unit with a refused statement goes on and commits */
    pl_twin_outcome(out, "begin nested 2", pl_store_begin(s, &e), &e);
    pl_dtsen_meeting x = meeting("64.99.01.1001", "2026-05-03");
    pl_twin_outcome(out, "nested: unknown village", pl_store_dtsen_meeting_add(s, &tester, &x, &e),
                    &e);
    pl_dtsen_meeting c = meeting("64.74.01.1002", "2026-05-03");
    pl_twin_outcome(out, "nested: meeting c", pl_store_dtsen_meeting_add(s, &tester, &c, &e), &e);
    /* two levels deep */
    pl_twin_outcome(out, "begin nested 3", pl_store_begin(s, &e), &e);
    pl_dtsen_cycle cy;
    pl_twin_outcome(out, "nested 3: cycle",
                    pl_store_dtsen_cycle_ensure(s, &tester, &cy, "64.74", "2026-05", 20, &e), &e);
    pl_twin_outcome(out, "commit nested 3", pl_store_commit(s, &e), &e);
    pl_twin_outcome(out, "commit nested 2", pl_store_commit(s, &e), &e);
    /* a refused statement in the outer transaction itself */
    a.version = 7;
    pl_twin_outcome(out, "outer: stale update", pl_store_dtsen_meeting_update(s, &tester, &a, &e),
                    &e);
    pl_dtsen_cycle cz;
    pl_twin_outcome(out, "outer: unknown regency",
                    pl_store_dtsen_cycle_ensure(s, &tester, &cz, "64.99", "2026-05", 20, &e), &e);
    pl_dtsen_meeting d = meeting("64.72.01.1001", "2026-05-04");
    pl_twin_outcome(out, "outer: meeting d", pl_store_dtsen_meeting_add(s, &tester, &d, &e), &e);
    pl_twin_outcome(out, "commit outer", pl_store_commit(s, &e), &e);
    /* (refused on both, in words of each backend's own) */
    LOG("commit with none open: %s\n", pl_store_commit(s, &e) ? "refused" : "ok");
    pl_twin_outcome(out, "meetings", pl_store_dtsen_meeting_list(s, "", meeting_noid, out, &e), &e);
    pl_twin_outcome(out, "cycles", pl_store_dtsen_cycle_list(s, "", "", cycle_line, out, &e), &e);

    /* the outermost rollback undoes every nested unit, committed ones too */
    pl_twin_outcome(out, "begin outer 2", pl_store_begin_outer(s, &e), &e);
    pl_twin_outcome(out, "begin nested 4", pl_store_begin(s, &e), &e);
    pl_dtsen_meeting f = meeting("64.74.01.1001", "2026-06-01");
    pl_twin_outcome(out, "nested 4: meeting f", pl_store_dtsen_meeting_add(s, &tester, &f, &e), &e);
    pl_twin_outcome(out, "commit nested 4", pl_store_commit(s, &e), &e);
    pl_twin_outcome(out, "rollback outer", pl_store_rollback(s), &e);
    /* after it, begin is plain again (nesting refused) */
    pl_twin_outcome(out, "begin plain", pl_store_begin(s, &e), &e);
    pl_twin_outcome(out, "begin nested refused", pl_store_begin(s, &e), &e);
    pl_twin_outcome(out, "rollback plain", pl_store_rollback(s), &e);
    pl_twin_outcome(out, "meetings",
                    pl_store_dtsen_meeting_list(s, "64.74.01.1001", meeting_noid, out, &e), &e);
}

/*
 * The rows of one statement in id order of the rows they audit (a statement that changes
 * several rows audits them in the order it meets them: SQLite's is the rowid's, PostgreSQL's
 * the heap's); with no_ids, without the entity ids (see meeting_noid).
 */
static int by_subject(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int c =
        strcmp(json_string_value(json_array_get(x, 1)), json_string_value(json_array_get(y, 1)));
    if (c == 0)
        c = (int)(atol(json_string_value(json_array_get(x, 2))) -
                  atol(json_string_value(json_array_get(y, 2))));
    if (c == 0)
        c = (int)(json_integer_value(json_array_get(x, 6)) -
                  json_integer_value(json_array_get(y, 6)));
    return c;
}

static json_t *normalised(json_t *rows, bool no_ids)
{
    size_t n = json_array_size(rows);
    json_t **v = calloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[i] = json_array_get(rows, i);
        json_array_append_new(v[i], json_integer((json_int_t)i)); /* ties keep their order */
    }
    qsort(v, n, sizeof *v, by_subject);
    json_t *out = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *row = json_deep_copy(v[i]);
        json_array_remove(row, 6);
        if (no_ids)
            json_array_set_new(row, 2, json_string("-"));
        json_array_append_new(out, row);
    }
    free(v);
    json_decref(rows);
    return out;
}

static void run_both(fx *f, void (*fn)(pl_store *, pl_buf *), const char *what)
{
    pl_buf a, b;
    pl_buf_init(&a, 0);
    pl_buf_init(&b, 0);
    fn(f->sq, &a);
    fn(f->pg, &b);
    pl_twin_same(what, a.data ? a.data : "", b.data ? b.data : "");
    pl_buf_free(&a);
    pl_buf_free(&b);
}

static long next_audit_id(fx *f, bool pg)
{
    long from = 1;
    if (pg) {
        PGresult *r = PQexec(f->admin, "SELECT coalesce(max(id), 0) + 1 FROM audit");
        from = atol(PQgetvalue(r, 0, 0));
        PQclear(r);
        return from;
    }
    sqlite3_stmt *st;
    sqlite3_prepare_v2(pl_sq_of(f->sq)->db, "SELECT coalesce(max(id), 0) + 1 FROM audit", -1, &st,
                       NULL);
    sqlite3_step(st);
    from = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return from;
}

static void same_audit(fx *f, long from_sq, long from_pg, size_t at_least, bool no_ids)
{
    json_t *sq = normalised(pl_twin_audit(f, false, from_sq), no_ids);
    json_t *pg = normalised(pl_twin_audit(f, true, from_pg), no_ids);
    char *a = json_dumps(sq, JSON_INDENT(1) | JSON_SORT_KEYS);
    char *b = json_dumps(pg, JSON_INDENT(1) | JSON_SORT_KEYS);
    if (!json_equal(sq, pg))
        pl_twin_same("audit", a, b);
    if (json_array_size(sq) < at_least)
        fail_msg("%zu audit rows, expected %zu or more", json_array_size(sq), at_least);
    free(a);
    free(b);
    json_decref(sq);
    json_decref(pg);
}

static void test_same_as_sqlite(void **state)
{
    fx *f = *state;
    long from_sq = next_audit_id(f, false), from_pg = next_audit_id(f, true);
    run_both(f, scenario, "DTSEN store");
    same_audit(f, from_sq, from_pg, 29, false);
}

static void test_outer_transaction(void **state)
{
    fx *f = *state;
    long from_sq = next_audit_id(f, false), from_pg = next_audit_id(f, true);
    run_both(f, outer, "outer transaction");
    same_audit(f, from_sq, from_pg, 4, true);
    /* The handle is out of every transaction: another session sees what was committed. */
    PGresult *r = PQexec(f->admin, "SELECT count(*) FROM dtsen_meeting");
    assert_string_equal(PQgetvalue(r, 0, 0), "3");
    PQclear(r);
    assert_false(pl_pg_of(f->pg)->in_tx);
    assert_false(pl_pg_of(f->pg)->nest_ok);
}

int main(void)
{
    if (!pl_twin_cluster())
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_as_sqlite, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outer_transaction, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

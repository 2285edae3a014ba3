/* dtsen.c - the DTSEN update cycle: documents, settings, meetings, cycles, proposals, checks,
 * objections (store/dtsen.h). */
#include "store/dtsen.h"
#include "store/sqlite/internal.h"

#include <stdlib.h>
#include <string.h>

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

/* ---------------------------------------------------------------- files */

#define FILE_COLS "id, kind, name, mime, size, sha256, blake2b, created_at, created_by"

static void read_file(pl_dtsen_file *f, sqlite3_stmt *st)
{
    f->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(f->kind, sizeof f->kind, st, 1);
    pl_sq_col_text(f->name, sizeof f->name, st, 2);
    pl_sq_col_text(f->mime, sizeof f->mime, st, 3);
    f->size = (long)sqlite3_column_int64(st, 4);
    pl_sq_col_text(f->sha256, sizeof f->sha256, st, 5);
    pl_sq_col_text(f->blake2b, sizeof f->blake2b, st, 6);
    pl_sq_col_text(f->created_at, sizeof f->created_at, st, 7);
    pl_sq_col_text(f->created_by, sizeof f->created_by, st, 8);
}

int pl_sq_dtsen_file_add(pl_sq_store *s, const pl_actor *who, pl_dtsen_file *f, const void *data,
                         size_t len, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_file(kind, name, mime, size, sha256, blake2b, data, created_at, "
        "created_by) VALUES(?1,?2,?3,?4,?5,?6,?7," PL_SQ_NOW ",pl_actor())";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, f->kind);
    bind_text(st, 2, f->name);
    bind_text(st, 3, f->mime);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)len);
    bind_text(st, 5, f->sha256);
    bind_text(st, 6, f->blake2b);
    sqlite3_bind_blob64(st, 7, data, len, SQLITE_STATIC);
    if ((rc = pl_sq_insert(s, st, &f->id, "dtsen_file", err)))
        return rc;
    return pl_sq_dtsen_file_get(s, f, f->id, err);
}

int pl_sq_dtsen_file_get(pl_sq_store *s, pl_dtsen_file *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " FILE_COLS " FROM dtsen_file WHERE id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = pl_sq_row(s, st, "dtsen_file", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_ENOTFOUND, "file_id", "dokumen tidak ditemukan");
    memset(out, 0, sizeof *out);
    read_file(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_dtsen_file_data(pl_sq_store *s, int64_t id, void **data, size_t *len, pl_error *err)
{
    static const char sql[] = "SELECT data FROM dtsen_file WHERE id = ?1";
    sqlite3_stmt *st;
    *data = NULL;
    *len = 0;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = pl_sq_row(s, st, "dtsen_file", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_ENOTFOUND, "file_id", "dokumen tidak ditemukan");
    size_t n = (size_t)sqlite3_column_bytes(st, 0);
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        sqlite3_reset(st);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    if (n)
        memcpy(p, sqlite3_column_blob(st, 0), n);
    sqlite3_reset(st);
    *data = p;
    *len = n;
    return 0;
}

int pl_sq_dtsen_file_owner(pl_sq_store *s, char *entity, int64_t *owner_id, int64_t id,
                           pl_error *err)
{
    static const char sql[] =
        "SELECT 'meeting', id FROM dtsen_meeting WHERE minutes_file_id = ?1 OR sptjm_file_id = ?1 "
        "UNION ALL SELECT 'proposal', id FROM dtsen_proposal WHERE evidence_file_id = ?1 "
        "UNION ALL SELECT 'cycle', id FROM dtsen_cycle WHERE sk_file_id = ?1 LIMIT 1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    if ((rc = pl_sq_row(s, st, "dtsen_file", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_ENOTFOUND, "id", "dokumen tidak ditemukan");
    pl_sq_col_text(entity, 16, st, 0);
    *owner_id = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    return 0;
}

/* ------------------------------------------------------------- settings */

static void read_setting(pl_dtsen_setting *x, sqlite3_stmt *st)
{
    pl_sq_col_text(x->region, sizeof x->region, st, 0);
    pl_sq_col_text(x->month, sizeof x->month, st, 1);
    x->cutoff_day = sqlite3_column_int(st, 2);
    x->objection_days = sqlite3_column_int(st, 3);
    pl_sq_col_text(x->updated_at, sizeof x->updated_at, st, 4);
    pl_sq_col_text(x->updated_by, sizeof x->updated_by, st, 5);
}

#define SETTING_COLS "region, month, cutoff_day, objection_days, updated_at, updated_by"

int pl_sq_dtsen_setting_get(pl_sq_store *s, pl_dtsen_setting *out, const char *region,
                            const char *month, pl_error *err)
{
    static const char sql[] =
        "SELECT " SETTING_COLS " FROM dtsen_setting WHERE region = ?1 AND month = ?2";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, region);
    bind_text(st, 2, month);
    if ((rc = pl_sq_row(s, st, "dtsen_setting", err)) != 1)
        return rc ? rc : pl_error_set(err, PL_ENOTFOUND, "region", "pengaturan tidak ada");
    memset(out, 0, sizeof *out);
    read_setting(out, st);
    sqlite3_reset(st);
    return 0;
}

int pl_sq_dtsen_setting_put(pl_sq_store *s, const pl_actor *who, pl_dtsen_setting *x, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_setting(region, month, cutoff_day, objection_days, updated_at, "
        "updated_by) VALUES(?1,?2,?3,?4," PL_SQ_NOW ",pl_actor()) ON CONFLICT(region, month) "
        "DO UPDATE SET cutoff_day = excluded.cutoff_day, objection_days = "
        "excluded.objection_days, updated_at = excluded.updated_at, updated_by = "
        "excluded.updated_by";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, x->region);
    bind_text(st, 2, x->month);
    sqlite3_bind_int(st, 3, x->cutoff_day);
    sqlite3_bind_int(st, 4, x->objection_days);
    if ((rc = pl_sq_done(s, st, err, "dtsen_setting")))
        return rc;
    return pl_sq_dtsen_setting_get(s, x, x->region, x->month, err);
}

PL_SQ_ROWS(setting_rows, pl_dtsen_setting, pl_dtsen_setting_cb, read_setting, "dtsen_setting");

int pl_sq_dtsen_setting_list(pl_sq_store *s, pl_dtsen_setting_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " SETTING_COLS " FROM dtsen_setting ORDER BY region, month";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    return pl_sq_each(s, st, &setting_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ------------------------------------------------------------- meetings */

#define MEETING_COLS                                                                               \
    "m.id, m.village, m.kind, m.held_on, m.participants, m.participants_note, "                    \
    "coalesce(m.minutes_file_id, 0), coalesce(m.sptjm_file_id, 0), m.sptjm_number, m.version, "    \
    "m.created_at, m.created_by, (SELECT count(*) FROM dtsen_proposal p WHERE p.meeting_id = "     \
    "m.id) "

static void read_meeting(pl_dtsen_meeting *m, sqlite3_stmt *st)
{
    m->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(m->village, sizeof m->village, st, 1);
    pl_sq_col_text(m->kind, sizeof m->kind, st, 2);
    pl_sq_col_text(m->held_on, sizeof m->held_on, st, 3);
    m->participants = sqlite3_column_int(st, 4);
    pl_sq_col_text(m->participants_note, sizeof m->participants_note, st, 5);
    m->minutes_file_id = sqlite3_column_int64(st, 6);
    m->sptjm_file_id = sqlite3_column_int64(st, 7);
    pl_sq_col_text(m->sptjm_number, sizeof m->sptjm_number, st, 8);
    m->version = sqlite3_column_int64(st, 9);
    pl_sq_col_text(m->created_at, sizeof m->created_at, st, 10);
    pl_sq_col_text(m->created_by, sizeof m->created_by, st, 11);
    m->proposals = (long)sqlite3_column_int64(st, 12);
}

PL_SQ_ROWS(meeting_rows, pl_dtsen_meeting, pl_dtsen_meeting_cb, read_meeting, "dtsen_meeting");

int pl_sq_dtsen_meeting_add(pl_sq_store *s, const pl_actor *who, pl_dtsen_meeting *m, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_meeting(village, kind, held_on, participants, participants_note, "
        "minutes_file_id, sptjm_file_id, sptjm_number, created_at, created_by) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8," PL_SQ_NOW ",pl_actor())";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, m->village);
    bind_text(st, 2, m->kind);
    bind_text(st, 3, m->held_on);
    sqlite3_bind_int(st, 4, m->participants);
    bind_text(st, 5, m->participants_note);
    bind_id_or_null(st, 6, m->minutes_file_id);
    bind_id_or_null(st, 7, m->sptjm_file_id);
    bind_text(st, 8, m->sptjm_number);
    if ((rc = pl_sq_insert(s, st, &m->id, "dtsen_meeting", err)))
        return rc;
    return pl_sq_dtsen_meeting_get(s, m, m->id, err);
}

int pl_sq_dtsen_meeting_get(pl_sq_store *s, pl_dtsen_meeting *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " MEETING_COLS " FROM dtsen_meeting m WHERE m.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &meeting_rows, out, "musyawarah id", err);
}

int pl_sq_dtsen_meeting_update(pl_sq_store *s, const pl_actor *who, pl_dtsen_meeting *m,
                               pl_error *err)
{
    static const char sql[] =
        "UPDATE dtsen_meeting SET minutes_file_id = ?2, sptjm_file_id = ?3, sptjm_number = ?4, "
        "version = version + 1 WHERE id = ?1 AND version = ?5";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, m->id);
    bind_id_or_null(st, 2, m->minutes_file_id);
    bind_id_or_null(st, 3, m->sptjm_file_id);
    bind_text(st, 4, m->sptjm_number);
    sqlite3_bind_int64(st, 5, m->version);
    static const char ver[] = "SELECT version FROM dtsen_meeting WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "musyawarah", m->id, m->version, "dtsen_meeting",
                                     err)))
        return rc;
    return pl_sq_dtsen_meeting_get(s, m, m->id, err);
}

int pl_sq_dtsen_meeting_list(pl_sq_store *s, const char *region, pl_dtsen_meeting_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] = "SELECT " MEETING_COLS " FROM dtsen_meeting m WHERE " PL_SQ_IN_PREFIX(
        "m.village", "?1") " ORDER BY m.held_on DESC, m.id DESC";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, region);
    return pl_sq_each(s, st, &meeting_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* --------------------------------------------------------------- cycles */

#define CYCLE_COLS                                                                                 \
    "c.id, c.regency, c.period, c.status, c.cutoff_day, c.sk_number, coalesce(c.sk_date, ''), "    \
    "coalesce(c.sk_file_id, 0), coalesce(c.ratified_at, ''), coalesce(c.ratified_by, ''), "        \
    "c.applied, c.rejected, c.carried, c.score_note, c.version, c.created_at, "                    \
    "(SELECT count(*) FROM dtsen_proposal p WHERE p.cycle_id = c.id AND p.status = 'masuk'), "     \
    "(SELECT count(*) FROM dtsen_proposal p WHERE p.cycle_id = c.id AND p.status = "               \
    "'cek_lapangan'), "                                                                            \
    "(SELECT count(*) FROM dtsen_proposal p WHERE p.cycle_id = c.id AND p.status = "               \
    "'diperiksa'), "                                                                               \
    "(SELECT count(*) FROM dtsen_proposal p WHERE p.cycle_id = c.id AND p.status = 'ditolak'), "   \
    "(SELECT count(*) FROM dtsen_proposal p WHERE p.cycle_id = c.id AND p.status = 'disahkan') "

static void read_cycle(pl_dtsen_cycle *c, sqlite3_stmt *st)
{
    c->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(c->regency, sizeof c->regency, st, 1);
    pl_sq_col_text(c->period, sizeof c->period, st, 2);
    pl_sq_col_text(c->status, sizeof c->status, st, 3);
    c->cutoff_day = sqlite3_column_int(st, 4);
    pl_sq_col_text(c->sk_number, sizeof c->sk_number, st, 5);
    pl_sq_col_text(c->sk_date, sizeof c->sk_date, st, 6);
    c->sk_file_id = sqlite3_column_int64(st, 7);
    pl_sq_col_text(c->ratified_at, sizeof c->ratified_at, st, 8);
    pl_sq_col_text(c->ratified_by, sizeof c->ratified_by, st, 9);
    c->applied = (long)sqlite3_column_int64(st, 10);
    c->rejected = (long)sqlite3_column_int64(st, 11);
    c->carried = (long)sqlite3_column_int64(st, 12);
    pl_sq_col_text(c->score_note, sizeof c->score_note, st, 13);
    c->version = sqlite3_column_int64(st, 14);
    pl_sq_col_text(c->created_at, sizeof c->created_at, st, 15);
    c->n_in = (long)sqlite3_column_int64(st, 16);
    c->n_field = (long)sqlite3_column_int64(st, 17);
    c->n_checked = (long)sqlite3_column_int64(st, 18);
    c->n_rejected = (long)sqlite3_column_int64(st, 19);
    c->n_ratified = (long)sqlite3_column_int64(st, 20);
}

PL_SQ_ROWS(cycle_rows, pl_dtsen_cycle, pl_dtsen_cycle_cb, read_cycle, "dtsen_cycle");

int pl_sq_dtsen_cycle_get(pl_sq_store *s, pl_dtsen_cycle *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " CYCLE_COLS " FROM dtsen_cycle c WHERE c.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &cycle_rows, out, "siklus id", err);
}

int pl_sq_dtsen_cycle_ensure(pl_sq_store *s, const pl_actor *who, pl_dtsen_cycle *out,
                             const char *regency, const char *period, int cutoff_day, pl_error *err)
{
    static const char find[] = "SELECT id FROM dtsen_cycle WHERE regency = ?1 AND period = ?2";
    static const char ins[] = "INSERT INTO dtsen_cycle(regency, period, cutoff_day, created_at) "
                              "VALUES(?1,?2,?3," PL_SQ_NOW ")";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, find, err);
    if (rc)
        return rc;
    bind_text(st, 1, regency);
    bind_text(st, 2, period);
    int64_t id = 0;
    if ((rc = pl_sq_row(s, st, "dtsen_cycle", err)) < 0)
        return rc;
    if (rc == 1) {
        id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return pl_sq_dtsen_cycle_get(s, out, id, err);
    }
    if ((rc = pl_sq_ready_as(s, who, &st, ins, err)))
        return rc;
    bind_text(st, 1, regency);
    bind_text(st, 2, period);
    sqlite3_bind_int(st, 3, cutoff_day);
    if ((rc = pl_sq_insert(s, st, &id, "dtsen_cycle", err)))
        return rc;
    return pl_sq_dtsen_cycle_get(s, out, id, err);
}

int pl_sq_dtsen_cycle_list(pl_sq_store *s, const char *region, const char *year,
                           pl_dtsen_cycle_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " CYCLE_COLS " FROM dtsen_cycle c WHERE " PL_SQ_IN_PREFIX(
        "c.regency", "?1") " AND (?2 = '' OR substr(c.period, 1, 4) = ?2) "
                           "ORDER BY c.period DESC, c.regency";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, region);
    bind_text(st, 2, year);
    return pl_sq_each(s, st, &cycle_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_dtsen_cycle_ratify(pl_sq_store *s, const pl_actor *who, pl_dtsen_cycle *c, pl_error *err)
{
    static const char sql[] =
        "UPDATE dtsen_cycle SET status = 'disahkan', sk_number = ?2, sk_date = ?3, sk_file_id = "
        "?4, ratified_at = " PL_SQ_NOW ", ratified_by = pl_actor(), applied = ?5, rejected = ?6, "
        "carried = ?7, score_note = ?8, version = version + 1 "
        "WHERE id = ?1 AND version = ?9 AND status = 'terbuka'";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, c->id);
    bind_text(st, 2, c->sk_number);
    bind_text(st, 3, c->sk_date);
    bind_id_or_null(st, 4, c->sk_file_id);
    sqlite3_bind_int64(st, 5, c->applied);
    sqlite3_bind_int64(st, 6, c->rejected);
    sqlite3_bind_int64(st, 7, c->carried);
    bind_text(st, 8, c->score_note);
    sqlite3_bind_int64(st, 9, c->version);
    if ((rc = pl_sq_done(s, st, err, "dtsen_cycle")))
        return rc;
    if (sqlite3_changes(s->db) == 0) {
        pl_dtsen_cycle now;
        if ((rc = pl_sq_dtsen_cycle_get(s, &now, c->id, err)))
            return rc;
        if (strcmp(now.status, "disahkan") == 0)
            return pl_error_set(err, PL_ELOCKED, "id", "siklus %s sudah disahkan (SK %s)",
                                now.period, now.sk_number);
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "siklus ini baru saja diubah orang lain; muat ulang lalu coba lagi");
    }
    return pl_sq_dtsen_cycle_get(s, c, c->id, err);
}

int pl_sq_dtsen_cycle_sk_file(pl_sq_store *s, const pl_actor *who, int64_t id, int64_t file_id,
                              pl_error *err)
{
    static const char sql[] = "UPDATE dtsen_cycle SET sk_file_id = ?2, version = version + 1 "
                              "WHERE id = ?1 AND status = 'terbuka'";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    bind_id_or_null(st, 2, file_id);
    if ((rc = pl_sq_done(s, st, err, "dtsen_cycle")))
        return rc;
    if (sqlite3_changes(s->db) == 0) {
        pl_dtsen_cycle now;
        if ((rc = pl_sq_dtsen_cycle_get(s, &now, id, err)))
            return rc;
        return pl_error_set(err, PL_ELOCKED, "id", "siklus %s sudah disahkan (SK %s)", now.period,
                            now.sk_number);
    }
    return 0;
}

int pl_sq_dtsen_cycle_note(pl_sq_store *s, const pl_actor *who, int64_t id, const char *note,
                           pl_error *err)
{
    static const char sql[] = "UPDATE dtsen_cycle SET score_note = ?2 WHERE id = ?1";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, note);
    return pl_sq_done(s, st, err, "dtsen_cycle");
}

/* ------------------------------------------------------------ proposals */

#define PROPOSAL_COLS                                                                              \
    "p.id, p.meeting_id, p.cycle_id, p.village, p.kind, p.removal, coalesce(p.person_id, 0), "     \
    "coalesce(p.household_id, 0), p.data, p.note, coalesce(p.evidence_file_id, 0), "               \
    "coalesce(p.death_date, ''), p.status, p.missing, p.duplicates, p.reject_reason, "             \
    "coalesce(p.applied_person_id, 0), coalesce(p.applied_household_id, 0), p.entered_on, "        \
    "p.entered_at, p.entered_by, p.version, c.period, c.status "

static void read_proposal(pl_dtsen_proposal *p, sqlite3_stmt *st)
{
    p->id = sqlite3_column_int64(st, 0);
    p->meeting_id = sqlite3_column_int64(st, 1);
    p->cycle_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(p->village, sizeof p->village, st, 3);
    pl_sq_col_text(p->kind, sizeof p->kind, st, 4);
    pl_sq_col_text(p->removal, sizeof p->removal, st, 5);
    p->person_id = sqlite3_column_int64(st, 6);
    p->household_id = sqlite3_column_int64(st, 7);
    pl_sq_col_text(p->data, sizeof p->data, st, 8);
    pl_sq_col_text(p->note, sizeof p->note, st, 9);
    p->evidence_file_id = sqlite3_column_int64(st, 10);
    pl_sq_col_text(p->death_date, sizeof p->death_date, st, 11);
    pl_sq_col_text(p->status, sizeof p->status, st, 12);
    pl_sq_col_text(p->missing, sizeof p->missing, st, 13);
    pl_sq_col_text(p->duplicates, sizeof p->duplicates, st, 14);
    pl_sq_col_text(p->reject_reason, sizeof p->reject_reason, st, 15);
    p->applied_person_id = sqlite3_column_int64(st, 16);
    p->applied_household_id = sqlite3_column_int64(st, 17);
    pl_sq_col_text(p->entered_on, sizeof p->entered_on, st, 18);
    pl_sq_col_text(p->entered_at, sizeof p->entered_at, st, 19);
    pl_sq_col_text(p->entered_by, sizeof p->entered_by, st, 20);
    p->version = sqlite3_column_int64(st, 21);
    pl_sq_col_text(p->period, sizeof p->period, st, 22);
    pl_sq_col_text(p->cycle_status, sizeof p->cycle_status, st, 23);
}

PL_SQ_ROWS(proposal_rows, pl_dtsen_proposal, pl_dtsen_proposal_cb, read_proposal, "dtsen_proposal");

int pl_sq_dtsen_proposal_add(pl_sq_store *s, const pl_actor *who, pl_dtsen_proposal *p,
                             pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_proposal(meeting_id, cycle_id, village, kind, removal, person_id, "
        "household_id, data, note, evidence_file_id, death_date, status, missing, duplicates, "
        "entered_on, entered_at, entered_by) "
        "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15," PL_SQ_NOW ",pl_actor())";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, p->meeting_id);
    sqlite3_bind_int64(st, 2, p->cycle_id);
    bind_text(st, 3, p->village);
    bind_text(st, 4, p->kind);
    bind_text(st, 5, p->removal);
    bind_id_or_null(st, 6, p->person_id);
    bind_id_or_null(st, 7, p->household_id);
    bind_text(st, 8, p->data[0] ? p->data : "{}");
    bind_text(st, 9, p->note);
    bind_id_or_null(st, 10, p->evidence_file_id);
    pl_sq_bind_text_or_null(st, 11, p->death_date);
    bind_text(st, 12, p->status[0] ? p->status : "masuk");
    bind_text(st, 13, p->missing);
    bind_text(st, 14, p->duplicates);
    bind_text(st, 15, p->entered_on);
    if ((rc = pl_sq_insert(s, st, &p->id, "dtsen_proposal", err)))
        return rc;
    return pl_sq_dtsen_proposal_get(s, p, p->id, err);
}

int pl_sq_dtsen_proposal_get(pl_sq_store *s, pl_dtsen_proposal *out, int64_t id, pl_error *err)
{
    static const char sql[] =
        "SELECT " PROPOSAL_COLS " FROM dtsen_proposal p JOIN dtsen_cycle c ON c.id = p.cycle_id "
        "WHERE p.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &proposal_rows, out, "usulan id", err);
}

int pl_sq_dtsen_proposal_update(pl_sq_store *s, const pl_actor *who, pl_dtsen_proposal *p,
                                pl_error *err)
{
    static const char sql[] =
        "UPDATE dtsen_proposal SET cycle_id = ?2, data = ?3, note = ?4, evidence_file_id = ?5, "
        "death_date = ?6, status = ?7, missing = ?8, duplicates = ?9, reject_reason = ?10, "
        "applied_person_id = ?11, applied_household_id = ?12, person_id = ?13, household_id = "
        "?14, version = version + 1 WHERE id = ?1 AND version = ?15";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, p->id);
    sqlite3_bind_int64(st, 2, p->cycle_id);
    bind_text(st, 3, p->data[0] ? p->data : "{}");
    bind_text(st, 4, p->note);
    bind_id_or_null(st, 5, p->evidence_file_id);
    pl_sq_bind_text_or_null(st, 6, p->death_date);
    bind_text(st, 7, p->status);
    bind_text(st, 8, p->missing);
    bind_text(st, 9, p->duplicates);
    bind_text(st, 10, p->reject_reason);
    bind_id_or_null(st, 11, p->applied_person_id);
    bind_id_or_null(st, 12, p->applied_household_id);
    bind_id_or_null(st, 13, p->person_id);
    bind_id_or_null(st, 14, p->household_id);
    sqlite3_bind_int64(st, 15, p->version);
    static const char ver[] = "SELECT version FROM dtsen_proposal WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "usulan", p->id, p->version, "dtsen_proposal",
                                     err)))
        return rc;
    return pl_sq_dtsen_proposal_get(s, p, p->id, err);
}

int pl_sq_dtsen_proposal_list(pl_sq_store *s, const pl_dtsen_proposal_filter *f,
                              pl_dtsen_proposal_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " PROPOSAL_COLS " FROM dtsen_proposal p JOIN dtsen_cycle c ON c.id = p.cycle_id "
        "WHERE " PL_SQ_IN_PREFIX("p.village", "?1") " AND (?2 = 0 OR p.cycle_id = ?2) "
                                                    "AND (?3 = 0 OR p.meeting_id = ?3) AND (?4 IS "
                                                    "NULL OR p.status = ?4) ORDER BY p.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, f->region);
    sqlite3_bind_int64(st, 2, f->cycle_id);
    sqlite3_bind_int64(st, 3, f->meeting_id);
    pl_sq_bind_text_or_null(st, 4, f->status);
    return pl_sq_each(s, st, &proposal_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_dtsen_proposal_carry(pl_sq_store *s, const pl_actor *who, int64_t from, int64_t to,
                               long *n, pl_error *err)
{
    static const char sql[] = "UPDATE dtsen_proposal SET cycle_id = ?2, version = version + 1 "
                              "WHERE cycle_id = ?1 AND status IN ('masuk', 'cek_lapangan')";
    sqlite3_stmt *st;
    *n = 0;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    if ((rc = pl_sq_done(s, st, err, "dtsen_proposal")))
        return rc;
    *n = (long)sqlite3_changes(s->db);
    return 0;
}

/* ---------------------------------------------------------- field checks */

#define CHECK_COLS                                                                                 \
    "k.id, coalesce(k.proposal_id, 0), coalesce(k.objection_id, 0), k.region_code, k.psks_id, "    \
    "coalesce(k.assignment_id, 0), coalesce(k.visit_id, 0), coalesce(k.due_date, ''), k.status, "  \
    "k.recommendation, k.findings, k.version, k.created_at, k.created_by, "                        \
    "coalesce((SELECT v.visit_date FROM psks_visit v WHERE v.id = k.visit_id), ''), "              \
    "coalesce((SELECT u.name FROM psks_unit u WHERE u.id = k.psks_id), '') "

static void read_check(pl_dtsen_check *c, sqlite3_stmt *st)
{
    c->id = sqlite3_column_int64(st, 0);
    c->proposal_id = sqlite3_column_int64(st, 1);
    c->objection_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(c->region_code, sizeof c->region_code, st, 3);
    c->psks_id = sqlite3_column_int64(st, 4);
    c->assignment_id = sqlite3_column_int64(st, 5);
    c->visit_id = sqlite3_column_int64(st, 6);
    pl_sq_col_text(c->due_date, sizeof c->due_date, st, 7);
    pl_sq_col_text(c->status, sizeof c->status, st, 8);
    pl_sq_col_text(c->recommendation, sizeof c->recommendation, st, 9);
    pl_sq_col_text(c->findings, sizeof c->findings, st, 10);
    c->version = sqlite3_column_int64(st, 11);
    pl_sq_col_text(c->created_at, sizeof c->created_at, st, 12);
    pl_sq_col_text(c->created_by, sizeof c->created_by, st, 13);
    pl_sq_col_text(c->visited_on, sizeof c->visited_on, st, 14);
    pl_sq_col_text(c->psks_name, sizeof c->psks_name, st, 15);
}

PL_SQ_ROWS(check_rows, pl_dtsen_check, pl_dtsen_check_cb, read_check, "dtsen_check");

int pl_sq_dtsen_check_add(pl_sq_store *s, const pl_actor *who, pl_dtsen_check *c, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_check(proposal_id, objection_id, region_code, psks_id, assignment_id, "
        "due_date, created_at, created_by) VALUES(?1,?2,?3,?4,?5,?6," PL_SQ_NOW ",pl_actor())";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    bind_id_or_null(st, 1, c->proposal_id);
    bind_id_or_null(st, 2, c->objection_id);
    bind_text(st, 3, c->region_code);
    sqlite3_bind_int64(st, 4, c->psks_id);
    bind_id_or_null(st, 5, c->assignment_id);
    pl_sq_bind_text_or_null(st, 6, c->due_date);
    if ((rc = pl_sq_insert(s, st, &c->id, "dtsen_check", err)))
        return rc;
    return pl_sq_dtsen_check_get(s, c, c->id, err);
}

int pl_sq_dtsen_check_get(pl_sq_store *s, pl_dtsen_check *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " CHECK_COLS " FROM dtsen_check k WHERE k.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &check_rows, out, "cek lapangan id", err);
}

int pl_sq_dtsen_check_update(pl_sq_store *s, const pl_actor *who, pl_dtsen_check *c, pl_error *err)
{
    static const char sql[] =
        "UPDATE dtsen_check SET visit_id = ?2, status = ?3, recommendation = ?4, findings = ?5, "
        "version = version + 1 WHERE id = ?1 AND version = ?6";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, c->id);
    bind_id_or_null(st, 2, c->visit_id);
    bind_text(st, 3, c->status);
    bind_text(st, 4, c->recommendation);
    bind_text(st, 5, c->findings);
    sqlite3_bind_int64(st, 6, c->version);
    static const char ver[] = "SELECT version FROM dtsen_check WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "cek lapangan", c->id, c->version, "dtsen_check",
                                     err)))
        return rc;
    return pl_sq_dtsen_check_get(s, c, c->id, err);
}

int pl_sq_dtsen_check_list(pl_sq_store *s, const pl_dtsen_check_filter *f, pl_dtsen_check_cb cb,
                           void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " CHECK_COLS " FROM dtsen_check k WHERE " PL_SQ_IN_PREFIX(
        "k.region_code",
        "?1") " AND (?2 = 0 OR k.psks_id = ?2) AND (?3 = 0 OR k.proposal_id = ?3) "
              "AND (?4 = 0 OR k.objection_id = ?4) AND (?5 IS NULL OR k.status = ?5) "
              "ORDER BY k.due_date IS NULL, k.due_date, k.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, f->region);
    sqlite3_bind_int64(st, 2, f->psks_id);
    sqlite3_bind_int64(st, 3, f->proposal_id);
    sqlite3_bind_int64(st, 4, f->objection_id);
    pl_sq_bind_text_or_null(st, 5, f->status);
    return pl_sq_each(s, st, &check_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ------------------------------------------------------------ objections */

#define OBJECTION_COLS                                                                             \
    "id, village, coalesce(household_id, 0), kind, subject_name, subject_address, filer_kind, "    \
    "filer_name, filer_contact, filer_address, statement, filed_on, due_on, status, decision, "    \
    "decision_reason, coalesce(decided_on, ''), answer_number, coalesce(answered_on, ''), "        \
    "version, created_at, created_by "

static void read_objection(pl_dtsen_objection *o, sqlite3_stmt *st)
{
    o->id = sqlite3_column_int64(st, 0);
    pl_sq_col_text(o->village, sizeof o->village, st, 1);
    o->household_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(o->kind, sizeof o->kind, st, 3);
    pl_sq_col_text(o->subject_name, sizeof o->subject_name, st, 4);
    pl_sq_col_text(o->subject_address, sizeof o->subject_address, st, 5);
    pl_sq_col_text(o->filer_kind, sizeof o->filer_kind, st, 6);
    pl_sq_col_text(o->filer_name, sizeof o->filer_name, st, 7);
    pl_sq_col_text(o->filer_contact, sizeof o->filer_contact, st, 8);
    pl_sq_col_text(o->filer_address, sizeof o->filer_address, st, 9);
    pl_sq_col_text(o->statement, sizeof o->statement, st, 10);
    pl_sq_col_text(o->filed_on, sizeof o->filed_on, st, 11);
    pl_sq_col_text(o->due_on, sizeof o->due_on, st, 12);
    pl_sq_col_text(o->status, sizeof o->status, st, 13);
    pl_sq_col_text(o->decision, sizeof o->decision, st, 14);
    pl_sq_col_text(o->decision_reason, sizeof o->decision_reason, st, 15);
    pl_sq_col_text(o->decided_on, sizeof o->decided_on, st, 16);
    pl_sq_col_text(o->answer_number, sizeof o->answer_number, st, 17);
    pl_sq_col_text(o->answered_on, sizeof o->answered_on, st, 18);
    o->version = sqlite3_column_int64(st, 19);
    pl_sq_col_text(o->created_at, sizeof o->created_at, st, 20);
    pl_sq_col_text(o->created_by, sizeof o->created_by, st, 21);
}

PL_SQ_ROWS(objection_rows, pl_dtsen_objection, pl_dtsen_objection_cb, read_objection,
           "dtsen_objection");

int pl_sq_dtsen_objection_add(pl_sq_store *s, const pl_actor *who, pl_dtsen_objection *o,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_objection(village, household_id, kind, subject_name, subject_address, "
        "filer_kind, filer_name, filer_contact, filer_address, statement, filed_on, due_on, "
        "created_at, created_by) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12," PL_SQ_NOW
        ",pl_actor())";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, o->village);
    bind_id_or_null(st, 2, o->household_id);
    bind_text(st, 3, o->kind);
    bind_text(st, 4, o->subject_name);
    bind_text(st, 5, o->subject_address);
    bind_text(st, 6, o->filer_kind);
    bind_text(st, 7, o->filer_name);
    bind_text(st, 8, o->filer_contact);
    bind_text(st, 9, o->filer_address);
    bind_text(st, 10, o->statement);
    bind_text(st, 11, o->filed_on);
    bind_text(st, 12, o->due_on);
    if ((rc = pl_sq_insert(s, st, &o->id, "dtsen_objection", err)))
        return rc;
    return pl_sq_dtsen_objection_get(s, o, o->id, err);
}

int pl_sq_dtsen_objection_get(pl_sq_store *s, pl_dtsen_objection *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " OBJECTION_COLS " FROM dtsen_objection WHERE id = ?1";
    return pl_sq_get_by_id(s, sql, id, &objection_rows, out, "sanggahan id", err);
}

int pl_sq_dtsen_objection_update(pl_sq_store *s, const pl_actor *who, pl_dtsen_objection *o,
                                 pl_error *err)
{
    static const char sql[] =
        "UPDATE dtsen_objection SET status = ?2, decision = ?3, decision_reason = ?4, "
        "decided_on = ?5, answer_number = ?6, answered_on = ?7, version = version + 1 "
        "WHERE id = ?1 AND version = ?8";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, o->id);
    bind_text(st, 2, o->status);
    bind_text(st, 3, o->decision);
    bind_text(st, 4, o->decision_reason);
    pl_sq_bind_text_or_null(st, 5, o->decided_on);
    bind_text(st, 6, o->answer_number);
    pl_sq_bind_text_or_null(st, 7, o->answered_on);
    sqlite3_bind_int64(st, 8, o->version);
    static const char ver[] = "SELECT version FROM dtsen_objection WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "sanggahan", o->id, o->version, "dtsen_objection",
                                     err)))
        return rc;
    return pl_sq_dtsen_objection_get(s, o, o->id, err);
}

int pl_sq_dtsen_objection_list(pl_sq_store *s, const pl_dtsen_objection_filter *f,
                               pl_dtsen_objection_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " OBJECTION_COLS " FROM dtsen_objection WHERE " PL_SQ_IN_PREFIX(
            "village",
            "?1") " AND (?2 IS NULL OR status = ?2) AND (?3 IS NULL OR (status <> 'dijawab' AND "
                  "due_on < "
                  "?3)) AND (?4 IS NULL OR substr(filed_on, 1, 4) = ?4) ORDER BY due_on, id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    bind_text(st, 1, f->region);
    pl_sq_bind_text_or_null(st, 2, f->status);
    pl_sq_bind_text_or_null(st, 3, f->overdue_on);
    pl_sq_bind_text_or_null(st, 4, f->year);
    return pl_sq_each(s, st, &objection_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/*
 * dtsen.c - the DTSEN update cycle on PostgreSQL: documents, settings, meetings, cycles,
 * proposals, field checks and objections (store/dtsen.h; the SQLite twin is
 * src/store/sqlite/dtsen.c: same results, errors, ordering and audit rows). The audit is the
 * triggers' (migration 21, schema_dtsen.c); every write runs as its actor, in the caller's
 * transaction when one is open (then under a savepoint, so a refused statement leaves it
 * usable as on SQLite). A proposal of a ratified cycle is refused by the schema's trigger
 * ("terkunci: ..." -> PL_ELOCKED).
 */
#include "store/dtsen.h"
#include "store/pg/internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NULL (SQL NULL) for an empty text. */
static const char *nz(const char *v)
{
    return v && v[0] ? v : NULL;
}

/* "" for a NULL text (SQLite binds both as ''). */
static const char *ns(const char *v)
{
    return v ? v : "";
}

/* The text of id, or NULL (SQL NULL) for 0. */
static const char *id_or_null(pl_pg_num *buf, int64_t id)
{
    return id ? pl_pg_i64(buf, id) : NULL;
}

/* The id of an INSERT ... RETURNING id run as who into *id. */
static int insert_id(pl_pg_store *s, const pl_actor *who, const char *sql, int n,
                     const char *const *p, int64_t *id, const char *what, pl_error *err)
{
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, n, p, &res, what, err);
    if (rc)
        return rc;
    if (PQntuples(res) != 1)
        rc = pl_error_set(err, PL_EINTERNAL, "", "jawaban penyimpanan %s tidak terduga", what);
    else
        *id = pl_pg_int(res, 0, 0);
    PQclear(res);
    return rc;
}

/* ---------------------------------------------------------------- files */

#define FILE_COLS "id, kind, name, mime, size, sha256, blake2b, created_at, created_by"

static void read_file(pl_dtsen_file *f, const PGresult *r, int i)
{
    f->id = pl_pg_int(r, i, 0);
    pl_pg_copy(f->kind, sizeof f->kind, r, i, 1);
    pl_pg_copy(f->name, sizeof f->name, r, i, 2);
    pl_pg_copy(f->mime, sizeof f->mime, r, i, 3);
    f->size = (long)pl_pg_int(r, i, 4);
    pl_pg_copy(f->sha256, sizeof f->sha256, r, i, 5);
    pl_pg_copy(f->blake2b, sizeof f->blake2b, r, i, 6);
    pl_pg_copy(f->created_at, sizeof f->created_at, r, i, 7);
    pl_pg_copy(f->created_by, sizeof f->created_by, r, i, 8);
}

/* Documents are read one at a time (no listing): the callback type is only the macro's. */
typedef int (*file_cb)(void *ctx, const pl_dtsen_file *f);
PL_PG_ROWS(file_rows, pl_dtsen_file, file_cb, read_file, "dtsen_file");

int pl_pg_dtsen_file_add(pl_pg_store *s, const pl_actor *who, pl_dtsen_file *f, const void *data,
                         size_t len, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_file(kind, name, mime, size, sha256, blake2b, data, created_at, "
        "created_by) VALUES($1, $2, $3, $4, $5, $6, $7::bytea, pl_now(), pl_actor()) RETURNING id";
    /* The bytes as bytea's hex input form (\x...), a text parameter like every other. */
    char *hex = malloc(2 * len + 3);
    if (hex == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    hex[0] = '\\';
    hex[1] = 'x';
    sodium_bin2hex(hex + 2, 2 * len + 1, data, len);
    pl_pg_num size;
    const char *p[] = {f->kind,   f->name,    f->mime, pl_pg_i64(&size, (int64_t)len),
                       f->sha256, f->blake2b, hex};
    int rc = insert_id(s, who, sql, 7, p, &f->id, "dtsen_file", err);
    free(hex);
    if (rc)
        return rc;
    return pl_pg_dtsen_file_get(s, f, f->id, err);
}

int pl_pg_dtsen_file_get(pl_pg_store *s, pl_dtsen_file *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " FILE_COLS " FROM dtsen_file WHERE id = $1::bigint";
    int rc = pl_pg_get_by_id(s, sql, id, &file_rows, out, "dokumen", err);
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "file_id", "dokumen tidak ditemukan");
    return rc;
}

int pl_pg_dtsen_file_owner(pl_pg_store *s, char *entity, int64_t *owner_id, int64_t id,
                           pl_error *err)
{
    static const char sql[] =
        "SELECT 'meeting', id FROM dtsen_meeting WHERE minutes_file_id = $1::bigint "
        "OR sptjm_file_id = $1::bigint "
        "UNION ALL SELECT 'proposal', id FROM dtsen_proposal WHERE evidence_file_id = $1::bigint "
        "UNION ALL SELECT 'cycle', id FROM dtsen_cycle WHERE sk_file_id = $1::bigint LIMIT 1";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "dtsen_file");
    if (res == NULL)
        return err->code;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return pl_error_set(err, PL_ENOTFOUND, "id", "dokumen tidak ditemukan");
    }
    pl_pg_copy(entity, 16, res, 0, 0);
    *owner_id = pl_pg_int(res, 0, 1);
    PQclear(res);
    return 0;
}

int pl_pg_dtsen_file_data(pl_pg_store *s, int64_t id, void **data, size_t *len, pl_error *err)
{
    static const char sql[] = "SELECT data FROM dtsen_file WHERE id = $1::bigint";
    *data = NULL;
    *len = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id)};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "dtsen_file");
    if (res == NULL)
        return err->code;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return pl_error_set(err, PL_ENOTFOUND, "file_id", "dokumen tidak ditemukan");
    }
    size_t size = 0;
    unsigned char *bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 0), &size);
    PQclear(res);
    void *buf = bytes ? malloc(size ? size : 1) : NULL;
    if (buf == NULL) {
        PQfreemem(bytes);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    if (size)
        memcpy(buf, bytes, size);
    PQfreemem(bytes);
    *data = buf;
    *len = size;
    return 0;
}

/* ------------------------------------------------------------- settings */

#define SETTING_COLS "region, month, cutoff_day, objection_days, updated_at, updated_by"

static void read_setting(pl_dtsen_setting *x, const PGresult *r, int i)
{
    pl_pg_copy(x->region, sizeof x->region, r, i, 0);
    pl_pg_copy(x->month, sizeof x->month, r, i, 1);
    x->cutoff_day = (int)pl_pg_int(r, i, 2);
    x->objection_days = (int)pl_pg_int(r, i, 3);
    pl_pg_copy(x->updated_at, sizeof x->updated_at, r, i, 4);
    pl_pg_copy(x->updated_by, sizeof x->updated_by, r, i, 5);
}

PL_PG_ROWS(setting_rows, pl_dtsen_setting, pl_dtsen_setting_cb, read_setting, "dtsen_setting");

static int read_setting_one(void *out, const PGresult *r, int row, void *arg)
{
    (void)arg;
    read_setting(out, r, row);
    return 0;
}

int pl_pg_dtsen_setting_get(pl_pg_store *s, pl_dtsen_setting *out, const char *region,
                            const char *month, pl_error *err)
{
    static const char sql[] =
        "SELECT " SETTING_COLS " FROM dtsen_setting WHERE region = $1 AND month = $2";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_dtsen_setting x = {0};
    const char *p[] = {ns(region), ns(month)};
    rc = pl_pg_one(s, sql, 2, p, read_setting_one, &x, NULL, err, "dtsen_setting");
    if (rc == PL_ENOTFOUND)
        return pl_error_set(err, PL_ENOTFOUND, "region", "pengaturan tidak ada");
    if (rc == 0)
        *out = x;
    return rc;
}

int pl_pg_dtsen_setting_put(pl_pg_store *s, const pl_actor *who, pl_dtsen_setting *x, pl_error *err)
{
    /*
     * The update first: an INSERT ... ON CONFLICT takes a number of the identity even when it
     * updates, and the setting's id (the audit's entity id) then ran ahead of SQLite's.
     */
    static const char sql[] =
        "WITH u AS (UPDATE dtsen_setting SET cutoff_day = $3, objection_days = $4, updated_at = "
        "pl_now(), updated_by = pl_actor() WHERE region = $1 AND month = $2 RETURNING id) "
        "INSERT INTO dtsen_setting(region, month, cutoff_day, objection_days, updated_at, "
        "updated_by) SELECT $1, $2, $3, $4, pl_now(), pl_actor() WHERE NOT EXISTS (SELECT 1 FROM "
        "u) "
        "ON CONFLICT(region, month) DO UPDATE SET cutoff_day = excluded.cutoff_day, "
        "objection_days = excluded.objection_days, updated_at = excluded.updated_at, "
        "updated_by = excluded.updated_by";
    pl_pg_num cut, days;
    const char *p[] = {x->region, x->month, pl_pg_i64(&cut, x->cutoff_day),
                       pl_pg_i64(&days, x->objection_days)};
    int rc = pl_pg_write_as(s, who, sql, 4, p, NULL, "dtsen_setting", err);
    if (rc)
        return rc;
    /* setting_get reads into a record of its own first: x's keys may be its arguments. */
    return pl_pg_dtsen_setting_get(s, x, x->region, x->month, err);
}

int pl_pg_dtsen_setting_list(pl_pg_store *s, pl_dtsen_setting_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " SETTING_COLS " FROM dtsen_setting "
                              "ORDER BY region COLLATE \"C\", month COLLATE \"C\"";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    return pl_pg_each(s, sql, 0, NULL, &setting_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ------------------------------------------------------------- meetings */

#define MEETING_COLS                                                                               \
    "m.id, m.village, m.kind, m.held_on, m.participants, m.participants_note, "                    \
    "coalesce(m.minutes_file_id, 0), coalesce(m.sptjm_file_id, 0), m.sptjm_number, m.version, "    \
    "m.created_at, m.created_by, (SELECT count(*) FROM dtsen_proposal p WHERE p.meeting_id = "     \
    "m.id) "

static void read_meeting(pl_dtsen_meeting *m, const PGresult *r, int i)
{
    m->id = pl_pg_int(r, i, 0);
    pl_pg_copy(m->village, sizeof m->village, r, i, 1);
    pl_pg_copy(m->kind, sizeof m->kind, r, i, 2);
    pl_pg_copy(m->held_on, sizeof m->held_on, r, i, 3);
    m->participants = (int)pl_pg_int(r, i, 4);
    pl_pg_copy(m->participants_note, sizeof m->participants_note, r, i, 5);
    m->minutes_file_id = pl_pg_int(r, i, 6);
    m->sptjm_file_id = pl_pg_int(r, i, 7);
    pl_pg_copy(m->sptjm_number, sizeof m->sptjm_number, r, i, 8);
    m->version = pl_pg_int(r, i, 9);
    pl_pg_copy(m->created_at, sizeof m->created_at, r, i, 10);
    pl_pg_copy(m->created_by, sizeof m->created_by, r, i, 11);
    m->proposals = (long)pl_pg_int(r, i, 12);
}

PL_PG_ROWS(meeting_rows, pl_dtsen_meeting, pl_dtsen_meeting_cb, read_meeting, "dtsen_meeting");

int pl_pg_dtsen_meeting_add(pl_pg_store *s, const pl_actor *who, pl_dtsen_meeting *m, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_meeting(village, kind, held_on, participants, participants_note, "
        "minutes_file_id, sptjm_file_id, sptjm_number, created_at, created_by) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, pl_now(), pl_actor()) RETURNING id";
    pl_pg_num n[3];
    const char *p[] = {m->village,
                       m->kind,
                       m->held_on,
                       pl_pg_i64(&n[0], m->participants),
                       m->participants_note,
                       id_or_null(&n[1], m->minutes_file_id),
                       id_or_null(&n[2], m->sptjm_file_id),
                       m->sptjm_number};
    int rc = insert_id(s, who, sql, 8, p, &m->id, "dtsen_meeting", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_meeting_get(s, m, m->id, err);
}

int pl_pg_dtsen_meeting_get(pl_pg_store *s, pl_dtsen_meeting *out, int64_t id, pl_error *err)
{
    static const char sql[] =
        "SELECT " MEETING_COLS " FROM dtsen_meeting m WHERE m.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &meeting_rows, out, "musyawarah id", err);
}

int pl_pg_dtsen_meeting_update(pl_pg_store *s, const pl_actor *who, pl_dtsen_meeting *m,
                               pl_error *err)
{
    static const char sql[] =
        PL_PG_VERSIONED_UPDATE("dtsen_meeting",
                               "minutes_file_id = $2::bigint, sptjm_file_id = $3::bigint, "
                               "sptjm_number = $4",
                               "$1::bigint", "$5::bigint");
    pl_pg_num n[4];
    const char *p[] = {pl_pg_i64(&n[0], m->id), id_or_null(&n[1], m->minutes_file_id),
                       id_or_null(&n[2], m->sptjm_file_id), m->sptjm_number,
                       pl_pg_i64(&n[3], m->version)};
    int rc = pl_pg_update_versioned_as(s, who, sql, 5, p, "musyawarah", m->id, m->version,
                                       "dtsen_meeting", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_meeting_get(s, m, m->id, err);
}

int pl_pg_dtsen_meeting_list(pl_pg_store *s, const char *region, pl_dtsen_meeting_cb cb, void *ctx,
                             pl_error *err)
{
    static const char sql[] = "SELECT " MEETING_COLS " FROM dtsen_meeting m WHERE " PL_PG_IN_PREFIX(
        "m.village", "$1") " ORDER BY m.held_on COLLATE \"C\" DESC, m.id DESC";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {ns(region)};
    return pl_pg_each(s, sql, 1, p, &meeting_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* --------------------------------------------------------------- cycles */

/* The proposals of the cycle by state in one pass (SQLite counts them one by one). */
#define CYCLE_COLS                                                                                 \
    "c.id, c.regency, c.period, c.status, c.cutoff_day, c.sk_number, coalesce(c.sk_date, ''), "    \
    "coalesce(c.sk_file_id, 0), coalesce(c.ratified_at, ''), coalesce(c.ratified_by, ''), "        \
    "c.applied, c.rejected, c.carried, c.score_note, c.version, c.created_at, "                    \
    "n.n_in, n.n_field, n.n_checked, n.n_rejected, n.n_ratified "
#define CYCLE_FROM                                                                                 \
    "FROM dtsen_cycle c CROSS JOIN LATERAL (SELECT "                                               \
    "count(*) FILTER (WHERE p.status = 'masuk') AS n_in, "                                         \
    "count(*) FILTER (WHERE p.status = 'cek_lapangan') AS n_field, "                               \
    "count(*) FILTER (WHERE p.status = 'diperiksa') AS n_checked, "                                \
    "count(*) FILTER (WHERE p.status = 'ditolak') AS n_rejected, "                                 \
    "count(*) FILTER (WHERE p.status = 'disahkan') AS n_ratified "                                 \
    "FROM dtsen_proposal p WHERE p.cycle_id = c.id) n "

static void read_cycle(pl_dtsen_cycle *c, const PGresult *r, int i)
{
    c->id = pl_pg_int(r, i, 0);
    pl_pg_copy(c->regency, sizeof c->regency, r, i, 1);
    pl_pg_copy(c->period, sizeof c->period, r, i, 2);
    pl_pg_copy(c->status, sizeof c->status, r, i, 3);
    c->cutoff_day = (int)pl_pg_int(r, i, 4);
    pl_pg_copy(c->sk_number, sizeof c->sk_number, r, i, 5);
    pl_pg_copy(c->sk_date, sizeof c->sk_date, r, i, 6);
    c->sk_file_id = pl_pg_int(r, i, 7);
    pl_pg_copy(c->ratified_at, sizeof c->ratified_at, r, i, 8);
    pl_pg_copy(c->ratified_by, sizeof c->ratified_by, r, i, 9);
    c->applied = (long)pl_pg_int(r, i, 10);
    c->rejected = (long)pl_pg_int(r, i, 11);
    c->carried = (long)pl_pg_int(r, i, 12);
    pl_pg_copy(c->score_note, sizeof c->score_note, r, i, 13);
    c->version = pl_pg_int(r, i, 14);
    pl_pg_copy(c->created_at, sizeof c->created_at, r, i, 15);
    c->n_in = (long)pl_pg_int(r, i, 16);
    c->n_field = (long)pl_pg_int(r, i, 17);
    c->n_checked = (long)pl_pg_int(r, i, 18);
    c->n_rejected = (long)pl_pg_int(r, i, 19);
    c->n_ratified = (long)pl_pg_int(r, i, 20);
}

PL_PG_ROWS(cycle_rows, pl_dtsen_cycle, pl_dtsen_cycle_cb, read_cycle, "dtsen_cycle");

int pl_pg_dtsen_cycle_get(pl_pg_store *s, pl_dtsen_cycle *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " CYCLE_COLS CYCLE_FROM "WHERE c.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &cycle_rows, out, "siklus id", err);
}

/* The id of the cycle of (regency, period) into *id (0 when there is none). */
static int cycle_find(pl_pg_store *s, const char *regency, const char *period, int64_t *id,
                      pl_error *err)
{
    static const char sql[] = "SELECT id FROM dtsen_cycle WHERE regency = $1 AND period = $2";
    const char *p[] = {regency, period};
    *id = 0;
    int rc = pl_pg_scalar_i64(s, sql, 2, p, id, err, "dtsen_cycle");
    return rc == PL_ENOTFOUND ? 0 : rc;
}

int pl_pg_dtsen_cycle_ensure(pl_pg_store *s, const pl_actor *who, pl_dtsen_cycle *out,
                             const char *regency, const char *period, int cutoff_day, pl_error *err)
{
    /* A cycle another session created meanwhile is taken as it is (nothing inserted). */
    static const char ins[] =
        "INSERT INTO dtsen_cycle(regency, period, cutoff_day, created_at) "
        "VALUES($1, $2, $3, pl_now()) ON CONFLICT(regency, period) DO NOTHING RETURNING id";
    regency = ns(regency);
    period = ns(period);
    int64_t id = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc || (rc = cycle_find(s, regency, period, &id, err)))
        return rc;
    if (id == 0) {
        pl_pg_num cut;
        const char *p[] = {regency, period, pl_pg_i64(&cut, cutoff_day)};
        PGresult *res;
        if ((rc = pl_pg_write_as(s, who, ins, 3, p, &res, "dtsen_cycle", err)))
            return rc;
        if (PQntuples(res) == 1)
            id = pl_pg_int(res, 0, 0);
        PQclear(res);
        if (id == 0 && (rc = cycle_find(s, regency, period, &id, err)))
            return rc;
    }
    return pl_pg_dtsen_cycle_get(s, out, id, err);
}

int pl_pg_dtsen_cycle_list(pl_pg_store *s, const char *region, const char *year,
                           pl_dtsen_cycle_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " CYCLE_COLS CYCLE_FROM "WHERE " PL_PG_IN_PREFIX(
        "c.regency", "$1") " AND ($2 = '' OR substr(c.period, 1, 4) = $2) "
                           "ORDER BY c.period COLLATE \"C\" DESC, c.regency COLLATE \"C\"";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {ns(region), ns(year)};
    return pl_pg_each(s, sql, 2, p, &cycle_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_dtsen_cycle_ratify(pl_pg_store *s, const pl_actor *who, pl_dtsen_cycle *c, pl_error *err)
{
    static const char sql[] =
        "UPDATE dtsen_cycle SET status = 'disahkan', sk_number = $2, sk_date = $3, sk_file_id = "
        "$4::bigint, ratified_at = pl_now(), ratified_by = pl_actor(), applied = $5, "
        "rejected = $6, carried = $7, score_note = $8, version = version + 1 "
        "WHERE id = $1::bigint AND version = $9::bigint AND status = 'terbuka'";
    pl_pg_num n[6];
    const char *p[] = {pl_pg_i64(&n[0], c->id),
                       c->sk_number,
                       c->sk_date,
                       id_or_null(&n[1], c->sk_file_id),
                       pl_pg_i64(&n[2], c->applied),
                       pl_pg_i64(&n[3], c->rejected),
                       pl_pg_i64(&n[4], c->carried),
                       c->score_note,
                       pl_pg_i64(&n[5], c->version)};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 9, p, &res, "dtsen_cycle", err);
    if (rc)
        return rc;
    long changed = pl_pg_changes(res);
    PQclear(res);
    if (changed == 0) {
        pl_dtsen_cycle now;
        if ((rc = pl_pg_dtsen_cycle_get(s, &now, c->id, err)))
            return rc;
        if (strcmp(now.status, "disahkan") == 0)
            return pl_error_set(err, PL_ELOCKED, "id", "siklus %s sudah disahkan (SK %s)",
                                now.period, now.sk_number);
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "siklus ini baru saja diubah orang lain; muat ulang lalu coba lagi");
    }
    return pl_pg_dtsen_cycle_get(s, c, c->id, err);
}

int pl_pg_dtsen_cycle_sk_file(pl_pg_store *s, const pl_actor *who, int64_t id, int64_t file_id,
                              pl_error *err)
{
    static const char sql[] =
        "UPDATE dtsen_cycle SET sk_file_id = $2::bigint, version = version + 1 "
        "WHERE id = $1::bigint AND status = 'terbuka'";
    pl_pg_num n[2];
    const char *p[] = {pl_pg_i64(&n[0], id), id_or_null(&n[1], file_id)};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 2, p, &res, "dtsen_cycle", err);
    if (rc)
        return rc;
    long changed = pl_pg_changes(res);
    PQclear(res);
    if (changed == 0) {
        pl_dtsen_cycle now;
        if ((rc = pl_pg_dtsen_cycle_get(s, &now, id, err)))
            return rc;
        return pl_error_set(err, PL_ELOCKED, "id", "siklus %s sudah disahkan (SK %s)", now.period,
                            now.sk_number);
    }
    return 0;
}

int pl_pg_dtsen_cycle_note(pl_pg_store *s, const pl_actor *who, int64_t id, const char *note,
                           pl_error *err)
{
    static const char sql[] = "UPDATE dtsen_cycle SET score_note = $2 WHERE id = $1::bigint";
    pl_pg_num n;
    const char *p[] = {pl_pg_i64(&n, id), ns(note)};
    return pl_pg_write_as(s, who, sql, 2, p, NULL, "dtsen_cycle", err);
}

/* ------------------------------------------------------------ proposals */

#define PROPOSAL_COLS                                                                              \
    "p.id, p.meeting_id, p.cycle_id, p.village, p.kind, p.removal, coalesce(p.person_id, 0), "     \
    "coalesce(p.household_id, 0), p.data, p.note, coalesce(p.evidence_file_id, 0), "               \
    "coalesce(p.death_date, ''), p.status, p.missing, p.duplicates, p.reject_reason, "             \
    "coalesce(p.applied_person_id, 0), coalesce(p.applied_household_id, 0), p.entered_on, "        \
    "p.entered_at, p.entered_by, p.version, c.period, c.status "

static void read_proposal(pl_dtsen_proposal *p, const PGresult *r, int i)
{
    p->id = pl_pg_int(r, i, 0);
    p->meeting_id = pl_pg_int(r, i, 1);
    p->cycle_id = pl_pg_int(r, i, 2);
    pl_pg_copy(p->village, sizeof p->village, r, i, 3);
    pl_pg_copy(p->kind, sizeof p->kind, r, i, 4);
    pl_pg_copy(p->removal, sizeof p->removal, r, i, 5);
    p->person_id = pl_pg_int(r, i, 6);
    p->household_id = pl_pg_int(r, i, 7);
    pl_pg_copy(p->data, sizeof p->data, r, i, 8);
    pl_pg_copy(p->note, sizeof p->note, r, i, 9);
    p->evidence_file_id = pl_pg_int(r, i, 10);
    pl_pg_copy(p->death_date, sizeof p->death_date, r, i, 11);
    pl_pg_copy(p->status, sizeof p->status, r, i, 12);
    pl_pg_copy(p->missing, sizeof p->missing, r, i, 13);
    pl_pg_copy(p->duplicates, sizeof p->duplicates, r, i, 14);
    pl_pg_copy(p->reject_reason, sizeof p->reject_reason, r, i, 15);
    p->applied_person_id = pl_pg_int(r, i, 16);
    p->applied_household_id = pl_pg_int(r, i, 17);
    pl_pg_copy(p->entered_on, sizeof p->entered_on, r, i, 18);
    pl_pg_copy(p->entered_at, sizeof p->entered_at, r, i, 19);
    pl_pg_copy(p->entered_by, sizeof p->entered_by, r, i, 20);
    p->version = pl_pg_int(r, i, 21);
    pl_pg_copy(p->period, sizeof p->period, r, i, 22);
    pl_pg_copy(p->cycle_status, sizeof p->cycle_status, r, i, 23);
}

PL_PG_ROWS(proposal_rows, pl_dtsen_proposal, pl_dtsen_proposal_cb, read_proposal, "dtsen_proposal");

int pl_pg_dtsen_proposal_add(pl_pg_store *s, const pl_actor *who, pl_dtsen_proposal *p,
                             pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_proposal(meeting_id, cycle_id, village, kind, removal, person_id, "
        "household_id, data, note, evidence_file_id, death_date, status, missing, duplicates, "
        "entered_on, entered_at, entered_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        "$11, $12, $13, $14, $15, pl_now(), pl_actor()) RETURNING id";
    pl_pg_num n[5];
    const char *v[] = {pl_pg_i64(&n[0], p->meeting_id),
                       pl_pg_i64(&n[1], p->cycle_id),
                       p->village,
                       p->kind,
                       p->removal,
                       id_or_null(&n[2], p->person_id),
                       id_or_null(&n[3], p->household_id),
                       p->data[0] ? p->data : "{}",
                       p->note,
                       id_or_null(&n[4], p->evidence_file_id),
                       nz(p->death_date),
                       p->status[0] ? p->status : "masuk",
                       p->missing,
                       p->duplicates,
                       p->entered_on};
    int rc = insert_id(s, who, sql, 15, v, &p->id, "dtsen_proposal", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_proposal_get(s, p, p->id, err);
}

int pl_pg_dtsen_proposal_get(pl_pg_store *s, pl_dtsen_proposal *out, int64_t id, pl_error *err)
{
    static const char sql[] =
        "SELECT " PROPOSAL_COLS " FROM dtsen_proposal p JOIN dtsen_cycle c ON c.id = p.cycle_id "
        "WHERE p.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &proposal_rows, out, "usulan id", err);
}

int pl_pg_dtsen_proposal_update(pl_pg_store *s, const pl_actor *who, pl_dtsen_proposal *p,
                                pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "dtsen_proposal",
        "cycle_id = $2::bigint, data = $3, note = $4, evidence_file_id = $5::bigint, "
        "death_date = $6, status = $7, missing = $8, duplicates = $9, reject_reason = $10, "
        "applied_person_id = $11::bigint, applied_household_id = $12::bigint, "
        "person_id = $13::bigint, household_id = $14::bigint",
        "$1::bigint", "$15::bigint");
    pl_pg_num n[8];
    const char *v[] = {pl_pg_i64(&n[0], p->id),
                       pl_pg_i64(&n[1], p->cycle_id),
                       p->data[0] ? p->data : "{}",
                       p->note,
                       id_or_null(&n[2], p->evidence_file_id),
                       nz(p->death_date),
                       p->status,
                       p->missing,
                       p->duplicates,
                       p->reject_reason,
                       id_or_null(&n[3], p->applied_person_id),
                       id_or_null(&n[4], p->applied_household_id),
                       id_or_null(&n[5], p->person_id),
                       id_or_null(&n[6], p->household_id),
                       pl_pg_i64(&n[7], p->version)};
    int rc = pl_pg_update_versioned_as(s, who, sql, 15, v, "usulan", p->id, p->version,
                                       "dtsen_proposal", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_proposal_get(s, p, p->id, err);
}

int pl_pg_dtsen_proposal_list(pl_pg_store *s, const pl_dtsen_proposal_filter *f,
                              pl_dtsen_proposal_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " PROPOSAL_COLS " FROM dtsen_proposal p JOIN dtsen_cycle c ON c.id = p.cycle_id "
        "WHERE " PL_PG_IN_PREFIX("p.village", "$1") " AND ($2::bigint = 0 OR p.cycle_id = "
                                                    "$2::bigint) AND ($3::bigint = 0 OR "
                                                    "p.meeting_id = $3::bigint) AND ($4::text IS "
                                                    "NULL OR p.status = $4::text) ORDER BY p.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n[2];
    const char *p[] = {ns(f->region), pl_pg_i64(&n[0], f->cycle_id),
                       pl_pg_i64(&n[1], f->meeting_id), nz(f->status)};
    return pl_pg_each(s, sql, 4, p, &proposal_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_dtsen_proposal_carry(pl_pg_store *s, const pl_actor *who, int64_t from, int64_t to,
                               long *n, pl_error *err)
{
    static const char sql[] = "UPDATE dtsen_proposal SET cycle_id = $2::bigint, version = version "
                              "+ 1 WHERE cycle_id = $1::bigint AND status IN ('masuk', "
                              "'cek_lapangan')";
    *n = 0;
    pl_pg_num a, b;
    const char *p[] = {pl_pg_i64(&a, from), pl_pg_i64(&b, to)};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 2, p, &res, "dtsen_proposal", err);
    if (rc)
        return rc;
    *n = pl_pg_changes(res);
    PQclear(res);
    return 0;
}

/* ---------------------------------------------------------- field checks */

#define CHECK_COLS                                                                                 \
    "k.id, coalesce(k.proposal_id, 0), coalesce(k.objection_id, 0), k.region_code, k.psks_id, "    \
    "coalesce(k.assignment_id, 0), coalesce(k.visit_id, 0), coalesce(k.due_date, ''), k.status, "  \
    "k.recommendation, k.findings, k.version, k.created_at, k.created_by, "                        \
    "coalesce((SELECT v.visit_date FROM psks_visit v WHERE v.id = k.visit_id), ''), "              \
    "coalesce((SELECT u.name FROM psks_unit u WHERE u.id = k.psks_id), '') "

static void read_check(pl_dtsen_check *c, const PGresult *r, int i)
{
    c->id = pl_pg_int(r, i, 0);
    c->proposal_id = pl_pg_int(r, i, 1);
    c->objection_id = pl_pg_int(r, i, 2);
    pl_pg_copy(c->region_code, sizeof c->region_code, r, i, 3);
    c->psks_id = pl_pg_int(r, i, 4);
    c->assignment_id = pl_pg_int(r, i, 5);
    c->visit_id = pl_pg_int(r, i, 6);
    pl_pg_copy(c->due_date, sizeof c->due_date, r, i, 7);
    pl_pg_copy(c->status, sizeof c->status, r, i, 8);
    pl_pg_copy(c->recommendation, sizeof c->recommendation, r, i, 9);
    pl_pg_copy(c->findings, sizeof c->findings, r, i, 10);
    c->version = pl_pg_int(r, i, 11);
    pl_pg_copy(c->created_at, sizeof c->created_at, r, i, 12);
    pl_pg_copy(c->created_by, sizeof c->created_by, r, i, 13);
    pl_pg_copy(c->visited_on, sizeof c->visited_on, r, i, 14);
    pl_pg_copy(c->psks_name, sizeof c->psks_name, r, i, 15);
}

PL_PG_ROWS(check_rows, pl_dtsen_check, pl_dtsen_check_cb, read_check, "dtsen_check");

int pl_pg_dtsen_check_add(pl_pg_store *s, const pl_actor *who, pl_dtsen_check *c, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_check(proposal_id, objection_id, region_code, psks_id, assignment_id, "
        "due_date, created_at, created_by) VALUES($1, $2, $3, $4, $5, $6, pl_now(), pl_actor()) "
        "RETURNING id";
    pl_pg_num n[4];
    const char *p[] = {
        id_or_null(&n[0], c->proposal_id), id_or_null(&n[1], c->objection_id),  c->region_code,
        pl_pg_i64(&n[2], c->psks_id),      id_or_null(&n[3], c->assignment_id), nz(c->due_date)};
    int rc = insert_id(s, who, sql, 6, p, &c->id, "dtsen_check", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_check_get(s, c, c->id, err);
}

int pl_pg_dtsen_check_get(pl_pg_store *s, pl_dtsen_check *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " CHECK_COLS " FROM dtsen_check k WHERE k.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &check_rows, out, "cek lapangan id", err);
}

int pl_pg_dtsen_check_update(pl_pg_store *s, const pl_actor *who, pl_dtsen_check *c, pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "dtsen_check", "visit_id = $2::bigint, status = $3, recommendation = $4, findings = $5",
        "$1::bigint", "$6::bigint");
    pl_pg_num n[3];
    const char *p[] = {pl_pg_i64(&n[0], c->id),
                       id_or_null(&n[1], c->visit_id),
                       c->status,
                       c->recommendation,
                       c->findings,
                       pl_pg_i64(&n[2], c->version)};
    int rc = pl_pg_update_versioned_as(s, who, sql, 6, p, "cek lapangan", c->id, c->version,
                                       "dtsen_check", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_check_get(s, c, c->id, err);
}

int pl_pg_dtsen_check_list(pl_pg_store *s, const pl_dtsen_check_filter *f, pl_dtsen_check_cb cb,
                           void *ctx, pl_error *err)
{
    static const char sql[] = "SELECT " CHECK_COLS " FROM dtsen_check k WHERE " PL_PG_IN_PREFIX(
        "k.region_code",
        "$1") " AND ($2::bigint = 0 OR k.psks_id = $2::bigint) AND ($3::bigint = 0 OR "
              "k.proposal_id = $3::bigint) AND ($4::bigint = 0 OR k.objection_id = $4::bigint) "
              "AND ($5::text IS NULL OR k.status = $5::text) "
              "ORDER BY k.due_date IS NULL, k.due_date COLLATE \"C\", k.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n[3];
    const char *p[] = {ns(f->region), pl_pg_i64(&n[0], f->psks_id),
                       pl_pg_i64(&n[1], f->proposal_id), pl_pg_i64(&n[2], f->objection_id),
                       nz(f->status)};
    return pl_pg_each(s, sql, 5, p, &check_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ------------------------------------------------------------ objections */

#define OBJECTION_COLS                                                                             \
    "id, village, coalesce(household_id, 0), kind, subject_name, subject_address, filer_kind, "    \
    "filer_name, filer_contact, filer_address, statement, filed_on, due_on, status, decision, "    \
    "decision_reason, coalesce(decided_on, ''), answer_number, coalesce(answered_on, ''), "        \
    "version, created_at, created_by "

static void read_objection(pl_dtsen_objection *o, const PGresult *r, int i)
{
    o->id = pl_pg_int(r, i, 0);
    pl_pg_copy(o->village, sizeof o->village, r, i, 1);
    o->household_id = pl_pg_int(r, i, 2);
    pl_pg_copy(o->kind, sizeof o->kind, r, i, 3);
    pl_pg_copy(o->subject_name, sizeof o->subject_name, r, i, 4);
    pl_pg_copy(o->subject_address, sizeof o->subject_address, r, i, 5);
    pl_pg_copy(o->filer_kind, sizeof o->filer_kind, r, i, 6);
    pl_pg_copy(o->filer_name, sizeof o->filer_name, r, i, 7);
    pl_pg_copy(o->filer_contact, sizeof o->filer_contact, r, i, 8);
    pl_pg_copy(o->filer_address, sizeof o->filer_address, r, i, 9);
    pl_pg_copy(o->statement, sizeof o->statement, r, i, 10);
    pl_pg_copy(o->filed_on, sizeof o->filed_on, r, i, 11);
    pl_pg_copy(o->due_on, sizeof o->due_on, r, i, 12);
    pl_pg_copy(o->status, sizeof o->status, r, i, 13);
    pl_pg_copy(o->decision, sizeof o->decision, r, i, 14);
    pl_pg_copy(o->decision_reason, sizeof o->decision_reason, r, i, 15);
    pl_pg_copy(o->decided_on, sizeof o->decided_on, r, i, 16);
    pl_pg_copy(o->answer_number, sizeof o->answer_number, r, i, 17);
    pl_pg_copy(o->answered_on, sizeof o->answered_on, r, i, 18);
    o->version = pl_pg_int(r, i, 19);
    pl_pg_copy(o->created_at, sizeof o->created_at, r, i, 20);
    pl_pg_copy(o->created_by, sizeof o->created_by, r, i, 21);
}

PL_PG_ROWS(objection_rows, pl_dtsen_objection, pl_dtsen_objection_cb, read_objection,
           "dtsen_objection");

int pl_pg_dtsen_objection_add(pl_pg_store *s, const pl_actor *who, pl_dtsen_objection *o,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO dtsen_objection(village, household_id, kind, subject_name, subject_address, "
        "filer_kind, filer_name, filer_contact, filer_address, statement, filed_on, due_on, "
        "created_at, created_by) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
        "pl_now(), pl_actor()) RETURNING id";
    pl_pg_num hh;
    const char *p[] = {o->village,
                       id_or_null(&hh, o->household_id),
                       o->kind,
                       o->subject_name,
                       o->subject_address,
                       o->filer_kind,
                       o->filer_name,
                       o->filer_contact,
                       o->filer_address,
                       o->statement,
                       o->filed_on,
                       o->due_on};
    int rc = insert_id(s, who, sql, 12, p, &o->id, "dtsen_objection", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_objection_get(s, o, o->id, err);
}

int pl_pg_dtsen_objection_get(pl_pg_store *s, pl_dtsen_objection *out, int64_t id, pl_error *err)
{
    static const char sql[] =
        "SELECT " OBJECTION_COLS " FROM dtsen_objection WHERE id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &objection_rows, out, "sanggahan id", err);
}

int pl_pg_dtsen_objection_update(pl_pg_store *s, const pl_actor *who, pl_dtsen_objection *o,
                                 pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "dtsen_objection",
        "status = $2, decision = $3, decision_reason = $4, decided_on = $5, answer_number = $6, "
        "answered_on = $7",
        "$1::bigint", "$8::bigint");
    pl_pg_num n[2];
    const char *p[] = {pl_pg_i64(&n[0], o->id),
                       o->status,
                       o->decision,
                       o->decision_reason,
                       nz(o->decided_on),
                       o->answer_number,
                       nz(o->answered_on),
                       pl_pg_i64(&n[1], o->version)};
    int rc = pl_pg_update_versioned_as(s, who, sql, 8, p, "sanggahan", o->id, o->version,
                                       "dtsen_objection", err);
    if (rc)
        return rc;
    return pl_pg_dtsen_objection_get(s, o, o->id, err);
}

int pl_pg_dtsen_objection_list(pl_pg_store *s, const pl_dtsen_objection_filter *f,
                               pl_dtsen_objection_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " OBJECTION_COLS " FROM dtsen_objection WHERE " PL_PG_IN_PREFIX(
            "village", "$1") " AND ($2::text IS NULL OR status = $2::text) AND ($3::text IS NULL "
                             "OR (status <> 'dijawab' AND due_on < $3::text COLLATE \"C\")) AND "
                             "($4::text IS NULL OR substr(filed_on, 1, 4) = $4::text) "
                             "ORDER BY due_on COLLATE \"C\", id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    const char *p[] = {ns(f->region), nz(f->status), nz(f->overdue_on), nz(f->year)};
    return pl_pg_each(s, sql, 4, p, &objection_rows, NULL, PL_PG_FN(cb), ctx, err);
}

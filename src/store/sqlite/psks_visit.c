/* psks_visit.c - PSKS assignments, visits, their photos and disaster deployments. */
#include "store/psks_visit.h"
#include "store/sqlite/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

/* A reference or value the schema refused is named at field (the store's message stays). */
static int as_einval(int rc, pl_error *err, const char *field, const char *what)
{
    (void)what;
    if (rc == PL_EINVAL && err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return rc;
}

/* ------------------------------------------------------------ assignments */

int pl_sq_psks_assignment_add(pl_sq_store *s, const pl_actor *who, pl_psks_assignment *a,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_assignment(psks_id, person_id, household_id, region_code, reason, "
        "due_date, status, suggested, created_at, created_by) "
        "VALUES(?,?,?,?,?,?,?,?," PL_SQ_NOW ",?) RETURNING created_at";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    if (a->status[0] == '\0')
        memcpy(a->status, "aktif", 6);
    sqlite3_bind_int64(st, 1, a->psks_id);
    bind_id_or_null(st, 2, a->person_id);
    bind_id_or_null(st, 3, a->household_id);
    sqlite3_bind_text(st, 4, a->region_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, a->reason, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 6, a->due_date);
    sqlite3_bind_text(st, 7, a->status, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 8, a->suggested);
    sqlite3_bind_text(st, 9, s->actor, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = pl_sq_step_error(s, rc, err, "psks_assignment");
        sqlite3_reset(st);
        return as_einval(rc, err, "psks_id", "penugasan");
    }
    pl_sq_col_text(a->created_at, sizeof a->created_at, st, 0);
    sqlite3_reset(st);
    a->id = sqlite3_last_insert_rowid(s->db);
    a->version = 1;
    snprintf(a->created_by, sizeof a->created_by, "%s", s->actor);
    return 0;
}

#define ASSIGNMENT_COLS                                                                            \
    "a.id, a.psks_id, a.person_id, a.household_id, a.region_code, a.reason, a.due_date, "          \
    "a.status, a.suggested, a.version, a.created_at, a.created_by, "                               \
    "(SELECT count(*) FROM psks_visit v WHERE v.assignment_id = a.id), "                           \
    "(SELECT max(visit_date) FROM psks_visit v WHERE v.assignment_id = a.id) "

static void read_assignment(pl_psks_assignment *a, sqlite3_stmt *st)
{
    a->id = sqlite3_column_int64(st, 0);
    a->psks_id = sqlite3_column_int64(st, 1);
    a->person_id = sqlite3_column_int64(st, 2);
    a->household_id = sqlite3_column_int64(st, 3);
    pl_sq_col_text(a->region_code, sizeof a->region_code, st, 4);
    pl_sq_col_text(a->reason, sizeof a->reason, st, 5);
    pl_sq_col_text(a->due_date, sizeof a->due_date, st, 6);
    pl_sq_col_text(a->status, sizeof a->status, st, 7);
    a->suggested = sqlite3_column_int(st, 8) != 0;
    a->version = sqlite3_column_int64(st, 9);
    pl_sq_col_text(a->created_at, sizeof a->created_at, st, 10);
    pl_sq_col_text(a->created_by, sizeof a->created_by, st, 11);
    a->visits = (long)sqlite3_column_int64(st, 12);
    pl_sq_col_text(a->last_visit, sizeof a->last_visit, st, 13);
}

PL_SQ_ROWS(assignment_rows, pl_psks_assignment, pl_psks_assignment_cb, read_assignment,
           "psks_assignment");

int pl_sq_psks_assignment_get(pl_sq_store *s, pl_psks_assignment *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " ASSIGNMENT_COLS "FROM psks_assignment a WHERE a.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &assignment_rows, out, "penugasan", err);
}

int pl_sq_psks_assignment_update(pl_sq_store *s, const pl_actor *who, pl_psks_assignment *a,
                                 pl_error *err)
{
    static const char sql[] = "UPDATE psks_assignment SET status = ?, due_date = ?, reason = ?, "
                              "version = version + 1 WHERE id = ? AND version = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, a->status, -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 2, a->due_date);
    sqlite3_bind_text(st, 3, a->reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, a->id);
    sqlite3_bind_int64(st, 5, a->version);
    static const char ver[] = "SELECT version FROM psks_assignment WHERE id = ?1";
    if ((rc = pl_sq_update_versioned(s, st, ver, "penugasan", a->id, a->version, "psks_assignment",
                                     err)))
        return as_einval(rc, err, "status", "perubahan penugasan");
    a->version++;
    return 0;
}

int pl_sq_psks_assignment_list(pl_sq_store *s, const pl_psks_assignment_filter *f,
                               pl_psks_assignment_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " ASSIGNMENT_COLS "FROM psks_assignment a "
        "WHERE (?1 = 0 OR a.psks_id = ?1) AND (?2 = 0 OR a.person_id = ?2) "
        "AND (?3 = 0 OR a.household_id = ?3) AND " PL_SQ_IN_PREFIX(
            "a.region_code",
            "?4") " AND (?5 IS NULL OR a.status = ?5) "
                  "AND (?6 IS NULL OR (a.status = 'aktif' AND a.due_date < ?6 AND NOT EXISTS("
                  "SELECT 1 FROM psks_visit v WHERE v.assignment_id = a.id))) "
                  "ORDER BY a.due_date IS NULL, a.due_date, a.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, f->psks_id);
    sqlite3_bind_int64(st, 2, f->person_id);
    sqlite3_bind_int64(st, 3, f->household_id);
    sqlite3_bind_text(st, 4, f->region ? f->region : "", -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 5, f->status);
    pl_sq_bind_text_or_null(st, 6, f->overdue_on);
    return pl_sq_each(s, st, &assignment_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

/* ----------------------------------------------------------------- visits */

int pl_sq_psks_visit_add(pl_sq_store *s, const pl_actor *who, pl_psks_visit *v, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_visit(psks_id, assignment_id, disaster_id, person_id, household_id, "
        "region_code, visit_date, action, lat, lon, note, created_at, created_by) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?," PL_SQ_NOW ",?) RETURNING created_at";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, v->psks_id);
    bind_id_or_null(st, 2, v->assignment_id);
    bind_id_or_null(st, 3, v->disaster_id);
    bind_id_or_null(st, 4, v->person_id);
    bind_id_or_null(st, 5, v->household_id);
    sqlite3_bind_text(st, 6, v->region_code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, v->visit_date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, v->action, -1, SQLITE_STATIC);
    if (v->has_coord) {
        sqlite3_bind_double(st, 9, v->lat);
        sqlite3_bind_double(st, 10, v->lon);
    } else {
        sqlite3_bind_null(st, 9);
        sqlite3_bind_null(st, 10);
    }
    sqlite3_bind_text(st, 11, v->note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, s->actor, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        rc = pl_sq_step_error(s, rc, err, "psks_visit");
        sqlite3_reset(st);
        return as_einval(rc, err, "action", "kunjungan");
    }
    pl_sq_col_text(v->created_at, sizeof v->created_at, st, 0);
    sqlite3_reset(st);
    v->id = sqlite3_last_insert_rowid(s->db);
    snprintf(v->created_by, sizeof v->created_by, "%s", s->actor);
    return 0;
}

#define VISIT_COLS                                                                                 \
    "v.id, v.psks_id, v.assignment_id, v.disaster_id, v.person_id, v.household_id, "               \
    "v.region_code, v.visit_date, v.action, v.lat, v.lon, v.note, v.created_at, v.created_by, "    \
    "p.mime, p.size, p.sha256 "

static void read_visit(pl_psks_visit *v, sqlite3_stmt *st)
{
    v->id = sqlite3_column_int64(st, 0);
    v->psks_id = sqlite3_column_int64(st, 1);
    v->assignment_id = sqlite3_column_int64(st, 2);
    v->disaster_id = sqlite3_column_int64(st, 3);
    v->person_id = sqlite3_column_int64(st, 4);
    v->household_id = sqlite3_column_int64(st, 5);
    pl_sq_col_text(v->region_code, sizeof v->region_code, st, 6);
    pl_sq_col_text(v->visit_date, sizeof v->visit_date, st, 7);
    pl_sq_col_text(v->action, sizeof v->action, st, 8);
    v->has_coord = sqlite3_column_type(st, 9) != SQLITE_NULL;
    v->lat = sqlite3_column_double(st, 9);
    v->lon = sqlite3_column_double(st, 10);
    pl_sq_col_text(v->note, sizeof v->note, st, 11);
    pl_sq_col_text(v->created_at, sizeof v->created_at, st, 12);
    pl_sq_col_text(v->created_by, sizeof v->created_by, st, 13);
    v->has_photo = sqlite3_column_type(st, 14) != SQLITE_NULL;
    pl_sq_col_text(v->photo_mime, sizeof v->photo_mime, st, 14);
    v->photo_size = (long)sqlite3_column_int64(st, 15);
    pl_sq_col_text(v->photo_sha256, sizeof v->photo_sha256, st, 16);
}

PL_SQ_ROWS(visit_rows, pl_psks_visit, pl_psks_visit_cb, read_visit, "psks_visit");

int pl_sq_psks_visit_get(pl_sq_store *s, pl_psks_visit *out, int64_t id, pl_error *err)
{
    static const char sql[] = "SELECT " VISIT_COLS "FROM psks_visit v "
                              "LEFT JOIN psks_visit_photo p ON p.visit_id = v.id WHERE v.id = ?1";
    return pl_sq_get_by_id(s, sql, id, &visit_rows, out, "kunjungan", err);
}

int pl_sq_psks_visit_list(pl_sq_store *s, const pl_psks_visit_filter *f, pl_psks_visit_cb cb,
                          void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " VISIT_COLS "FROM psks_visit v LEFT JOIN psks_visit_photo p ON p.visit_id = v.id "
        "WHERE (?1 = 0 OR v.psks_id = ?1) AND (?2 = 0 OR v.assignment_id = ?2) "
        "AND (?3 = 0 OR v.disaster_id = ?3) AND (?4 = 0 OR v.person_id = ?4) "
        "AND (?5 = 0 OR v.household_id = ?5) AND " PL_SQ_IN_PREFIX(
            "v.region_code",
            "?6") " AND (?7 IS NULL OR v.visit_date >= ?7) AND (?8 IS NULL OR v.visit_date <= ?8) "
                  "ORDER BY v.visit_date, v.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, f->psks_id);
    sqlite3_bind_int64(st, 2, f->assignment_id);
    sqlite3_bind_int64(st, 3, f->disaster_id);
    sqlite3_bind_int64(st, 4, f->person_id);
    sqlite3_bind_int64(st, 5, f->household_id);
    sqlite3_bind_text(st, 6, f->region ? f->region : "", -1, SQLITE_STATIC);
    pl_sq_bind_text_or_null(st, 7, f->from);
    pl_sq_bind_text_or_null(st, 8, f->to);
    return pl_sq_each(s, st, &visit_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_psks_visit_photo_put(pl_sq_store *s, const pl_actor *who, int64_t visit_id,
                               const char *mime, const void *data, size_t len, const char *sha256,
                               pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_visit_photo(visit_id, mime, size, sha256, data, created_at, "
        "created_by) VALUES(?,?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, visit_id);
    sqlite3_bind_text(st, 2, mime, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)len);
    sqlite3_bind_text(st, 4, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(st, 5, data, len, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, s->actor, -1, SQLITE_STATIC);
    int64_t id;
    rc = pl_sq_insert(s, st, &id, "psks_visit_photo", err);
    if (rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "photo", "kunjungan %lld sudah berfoto",
                            (long long)visit_id);
    return as_einval(rc, err, "photo", "foto");
}

int pl_sq_psks_visit_photo_get(pl_sq_store *s, int64_t visit_id, char *mime, void **data,
                               size_t *len, pl_error *err)
{
    static const char sql[] = "SELECT mime, data FROM psks_visit_photo WHERE visit_id = ?";
    *data = NULL;
    *len = 0;
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, visit_id);
    if ((rc = pl_sq_row(s, st, "psks_visit_photo", err)) < 0)
        return rc;
    if (rc == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "kunjungan %lld tidak berfoto",
                            (long long)visit_id);
    pl_sq_col_text(mime, 16, st, 0);
    int n = sqlite3_column_bytes(st, 1);
    const void *b = sqlite3_column_blob(st, 1);
    *data = malloc(n > 0 ? (size_t)n : 1);
    if (*data == NULL) {
        sqlite3_reset(st);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    if (n > 0)
        memcpy(*data, b, (size_t)n);
    *len = (size_t)n;
    sqlite3_reset(st);
    return 0;
}

/* ------------------------------------------------------------ deployments */

int pl_sq_psks_deployment_add(pl_sq_store *s, const pl_actor *who, pl_psks_deployment *d,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_deployment(disaster_id, psks_id, deployed_on, note, created_at, "
        "created_by) VALUES(?,?,?,?," PL_SQ_NOW ",?)";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, d->disaster_id);
    sqlite3_bind_int64(st, 2, d->psks_id);
    sqlite3_bind_text(st, 3, d->deployed_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, d->note, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, s->actor, -1, SQLITE_STATIC);
    rc = pl_sq_insert(s, st, &d->id, "psks_deployment", err);
    if (rc == PL_ECONFLICT)
        return pl_error_set(err, PL_ECONFLICT, "psks_id",
                            "unit PSKS %lld sudah dikerahkan ke kejadian ini",
                            (long long)d->psks_id);
    return as_einval(rc, err, "psks_id", "pengerahan");
}

static void read_deployment(pl_psks_deployment *d, sqlite3_stmt *st)
{
    d->id = sqlite3_column_int64(st, 0);
    d->disaster_id = sqlite3_column_int64(st, 1);
    d->psks_id = sqlite3_column_int64(st, 2);
    pl_sq_col_text(d->deployed_on, sizeof d->deployed_on, st, 3);
    pl_sq_col_text(d->note, sizeof d->note, st, 4);
    pl_sq_col_text(d->created_at, sizeof d->created_at, st, 5);
    pl_sq_col_text(d->created_by, sizeof d->created_by, st, 6);
    d->visits = (long)sqlite3_column_int64(st, 7);
}

PL_SQ_ROWS(deployment_rows, pl_psks_deployment, pl_psks_deployment_cb, read_deployment,
           "psks_deployment");

int pl_sq_psks_deployment_list(pl_sq_store *s, int64_t disaster_id, pl_psks_deployment_cb cb,
                               void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT d.id, d.disaster_id, d.psks_id, d.deployed_on, d.note, d.created_at, "
        "d.created_by, (SELECT count(*) FROM psks_visit v WHERE v.disaster_id = d.disaster_id "
        "AND v.psks_id = d.psks_id) FROM psks_deployment d WHERE d.disaster_id = ? "
        "ORDER BY d.deployed_on, d.id";
    sqlite3_stmt *st;
    int rc = pl_sq_ready(s, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, disaster_id);
    return pl_sq_each(s, st, &deployment_rows, NULL, PL_SQ_FN(cb), ctx, err);
}

int pl_sq_membership_cite_visit(pl_sq_store *s, const pl_actor *who, int64_t id, int64_t visit_id,
                                pl_error *err)
{
    static const char sql[] = "UPDATE membership SET ended_by_visit = ? WHERE id = ?";
    sqlite3_stmt *st;
    int rc = pl_sq_ready_as(s, who, &st, sql, err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, visit_id);
    sqlite3_bind_int64(st, 2, id);
    if ((rc = pl_sq_done(s, st, err, "membership")))
        return as_einval(rc, err, "visit_id", "kunjungan yang dirujuk");
    if (sqlite3_changes(s->db) == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "keanggotaan kategori id %lld tidak ada",
                            (long long)id);
    return 0;
}

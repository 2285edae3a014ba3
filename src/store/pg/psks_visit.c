/*
 * psks_visit.c - PSKS assignments, visits, their photos and disaster deployments, and the
 * visit a membership's end cites, on PostgreSQL (the SQLite twin is
 * src/store/sqlite/psks_visit.c: same results, errors and audit rows).
 */
#include "store/pg/internal.h"
#include "store/psks_visit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NULL (SQL NULL) for an empty text. */
static const char *nz(const char *v)
{
    return v && v[0] ? v : NULL;
}

/* The text of id, or NULL (SQL NULL) for 0. */
static const char *id_or_null(pl_pg_num *buf, int64_t id)
{
    return id ? pl_pg_i64(buf, id) : NULL;
}

/* A reference or value the schema refused is named at field (the store's message stays). */
static int as_einval(int rc, pl_error *err, const char *field)
{
    if (rc == PL_EINVAL && err)
        snprintf(err->field, sizeof err->field, "%s", field);
    return rc;
}

/* ------------------------------------------------------------ assignments */

int pl_pg_psks_assignment_add(pl_pg_store *s, const pl_actor *who, pl_psks_assignment *a,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_assignment(psks_id, person_id, household_id, region_code, reason, "
        "due_date, status, suggested, created_at, created_by) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, pl_now(), pl_actor()) RETURNING id, created_at";
    if (a->status[0] == '\0')
        memcpy(a->status, "aktif", 6);
    pl_pg_num unit, person, household;
    const char *p[] = {pl_pg_i64(&unit, a->psks_id),
                       id_or_null(&person, a->person_id),
                       id_or_null(&household, a->household_id),
                       a->region_code,
                       a->reason,
                       nz(a->due_date),
                       a->status,
                       pl_pg_b(a->suggested)};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 8, p, &res, "psks_assignment", err);
    if (rc)
        return as_einval(rc, err, "psks_id");
    a->id = pl_pg_int(res, 0, 0);
    pl_pg_copy(a->created_at, sizeof a->created_at, res, 0, 1);
    PQclear(res);
    a->version = 1;
    snprintf(a->created_by, sizeof a->created_by, "%s", s->actor);
    return 0;
}

#define ASSIGNMENT_COLS                                                                            \
    "a.id, a.psks_id, a.person_id, a.household_id, a.region_code, a.reason, a.due_date, "          \
    "a.status, a.suggested, a.version, a.created_at, a.created_by, "                               \
    "(SELECT count(*) FROM psks_visit v WHERE v.assignment_id = a.id), "                           \
    "(SELECT max(visit_date COLLATE \"C\") FROM psks_visit v WHERE v.assignment_id = a.id) "

static void read_assignment(pl_psks_assignment *a, const PGresult *r, int i)
{
    a->id = pl_pg_int(r, i, 0);
    a->psks_id = pl_pg_int(r, i, 1);
    a->person_id = pl_pg_int(r, i, 2);
    a->household_id = pl_pg_int(r, i, 3);
    pl_pg_copy(a->region_code, sizeof a->region_code, r, i, 4);
    pl_pg_copy(a->reason, sizeof a->reason, r, i, 5);
    pl_pg_copy(a->due_date, sizeof a->due_date, r, i, 6);
    pl_pg_copy(a->status, sizeof a->status, r, i, 7);
    a->suggested = pl_pg_int(r, i, 8) != 0;
    a->version = pl_pg_int(r, i, 9);
    pl_pg_copy(a->created_at, sizeof a->created_at, r, i, 10);
    pl_pg_copy(a->created_by, sizeof a->created_by, r, i, 11);
    a->visits = (long)pl_pg_int(r, i, 12);
    pl_pg_copy(a->last_visit, sizeof a->last_visit, r, i, 13);
}

PL_PG_ROWS(assignment_rows, pl_psks_assignment, pl_psks_assignment_cb, read_assignment,
           "psks_assignment");

int pl_pg_psks_assignment_get(pl_pg_store *s, pl_psks_assignment *out, int64_t id, pl_error *err)
{
    static const char sql[] =
        "SELECT " ASSIGNMENT_COLS "FROM psks_assignment a WHERE a.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &assignment_rows, out, "penugasan", err);
}

int pl_pg_psks_assignment_update(pl_pg_store *s, const pl_actor *who, pl_psks_assignment *a,
                                 pl_error *err)
{
    static const char sql[] = PL_PG_VERSIONED_UPDATE(
        "psks_assignment", "status = $1, due_date = $2, reason = $3", "$4::bigint", "$5::bigint");
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num id, version;
    const char *p[] = {a->status, nz(a->due_date), a->reason, pl_pg_i64(&id, a->id),
                       pl_pg_i64(&version, a->version)};
    bool own;
    if ((rc = pl_pg_tx_begin_as(s, who, &own, err)))
        return rc;
    rc = pl_pg_update_versioned(s, sql, 5, p, "penugasan", a->id, a->version, "psks_assignment",
                                err);
    if ((rc = pl_pg_tx_end(s, own, rc, err)))
        return as_einval(rc, err, "status");
    a->version++;
    return 0;
}

int pl_pg_psks_assignment_list(pl_pg_store *s, const pl_psks_assignment_filter *f,
                               pl_psks_assignment_cb cb, void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " ASSIGNMENT_COLS "FROM psks_assignment a "
        "WHERE ($1::bigint = 0 OR a.psks_id = $1::bigint) "
        "AND ($2::bigint = 0 OR a.person_id = $2::bigint) "
        "AND ($3::bigint = 0 OR a.household_id = $3::bigint) AND " PL_PG_IN_PREFIX(
            "a.region_code",
            "$4") " AND ($5::text IS NULL OR a.status = $5::text) "
                  "AND ($6::text IS NULL OR (a.status = 'aktif' AND a.due_date < $6::text "
                  "COLLATE \"C\" AND NOT EXISTS(SELECT 1 FROM psks_visit v "
                  "WHERE v.assignment_id = a.id))) "
                  "ORDER BY a.due_date IS NULL, a.due_date COLLATE \"C\", a.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num unit, person, household;
    const char *p[] = {pl_pg_i64(&unit, f->psks_id),
                       pl_pg_i64(&person, f->person_id),
                       pl_pg_i64(&household, f->household_id),
                       f->region ? f->region : "",
                       nz(f->status),
                       nz(f->overdue_on)};
    return pl_pg_each(s, sql, 6, p, &assignment_rows, NULL, PL_PG_FN(cb), ctx, err);
}

/* ----------------------------------------------------------------- visits */

int pl_pg_psks_visit_add(pl_pg_store *s, const pl_actor *who, pl_psks_visit *v, pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_visit(psks_id, assignment_id, disaster_id, person_id, household_id, "
        "region_code, visit_date, action, lat, lon, note, created_at, created_by) "
        "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, pl_now(), pl_actor()) "
        "RETURNING id, created_at";
    pl_pg_num n[7];
    const char *p[] = {pl_pg_i64(&n[0], v->psks_id),
                       id_or_null(&n[1], v->assignment_id),
                       id_or_null(&n[2], v->disaster_id),
                       id_or_null(&n[3], v->person_id),
                       id_or_null(&n[4], v->household_id),
                       v->region_code,
                       v->visit_date,
                       v->action,
                       v->has_coord ? pl_pg_f64(&n[5], v->lat) : NULL,
                       v->has_coord ? pl_pg_f64(&n[6], v->lon) : NULL,
                       v->note};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 11, p, &res, "psks_visit", err);
    if (rc)
        return as_einval(rc, err, "action");
    v->id = pl_pg_int(res, 0, 0);
    pl_pg_copy(v->created_at, sizeof v->created_at, res, 0, 1);
    PQclear(res);
    snprintf(v->created_by, sizeof v->created_by, "%s", s->actor);
    return 0;
}

#define VISIT_COLS                                                                                 \
    "v.id, v.psks_id, v.assignment_id, v.disaster_id, v.person_id, v.household_id, "               \
    "v.region_code, v.visit_date, v.action, v.lat, v.lon, v.note, v.created_at, v.created_by, "    \
    "p.mime, p.size, p.sha256 "

static void read_visit(pl_psks_visit *v, const PGresult *r, int i)
{
    v->id = pl_pg_int(r, i, 0);
    v->psks_id = pl_pg_int(r, i, 1);
    v->assignment_id = pl_pg_int(r, i, 2);
    v->disaster_id = pl_pg_int(r, i, 3);
    v->person_id = pl_pg_int(r, i, 4);
    v->household_id = pl_pg_int(r, i, 5);
    pl_pg_copy(v->region_code, sizeof v->region_code, r, i, 6);
    pl_pg_copy(v->visit_date, sizeof v->visit_date, r, i, 7);
    pl_pg_copy(v->action, sizeof v->action, r, i, 8);
    v->has_coord = !pl_pg_null(r, i, 9);
    v->lat = pl_pg_real(r, i, 9);
    v->lon = pl_pg_real(r, i, 10);
    pl_pg_copy(v->note, sizeof v->note, r, i, 11);
    pl_pg_copy(v->created_at, sizeof v->created_at, r, i, 12);
    pl_pg_copy(v->created_by, sizeof v->created_by, r, i, 13);
    v->has_photo = !pl_pg_null(r, i, 14);
    pl_pg_copy(v->photo_mime, sizeof v->photo_mime, r, i, 14);
    v->photo_size = (long)pl_pg_int(r, i, 15);
    pl_pg_copy(v->photo_sha256, sizeof v->photo_sha256, r, i, 16);
}

PL_PG_ROWS(visit_rows, pl_psks_visit, pl_psks_visit_cb, read_visit, "psks_visit");

int pl_pg_psks_visit_get(pl_pg_store *s, pl_psks_visit *out, int64_t id, pl_error *err)
{
    static const char sql[] =
        "SELECT " VISIT_COLS "FROM psks_visit v LEFT JOIN psks_visit_photo p ON p.visit_id = v.id "
        "WHERE v.id = $1::bigint";
    return pl_pg_get_by_id(s, sql, id, &visit_rows, out, "kunjungan", err);
}

int pl_pg_psks_visit_list(pl_pg_store *s, const pl_psks_visit_filter *f, pl_psks_visit_cb cb,
                          void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT " VISIT_COLS "FROM psks_visit v LEFT JOIN psks_visit_photo p ON p.visit_id = v.id "
        "WHERE ($1::bigint = 0 OR v.psks_id = $1::bigint) "
        "AND ($2::bigint = 0 OR v.assignment_id = $2::bigint) "
        "AND ($3::bigint = 0 OR v.disaster_id = $3::bigint) "
        "AND ($4::bigint = 0 OR v.person_id = $4::bigint) "
        "AND ($5::bigint = 0 OR v.household_id = $5::bigint) AND " PL_PG_IN_PREFIX(
            "v.region_code",
            "$6") " AND ($7::text IS NULL OR v.visit_date >= $7::text COLLATE \"C\") "
                  "AND ($8::text IS NULL OR v.visit_date <= $8::text COLLATE \"C\") "
                  "ORDER BY v.visit_date COLLATE \"C\", v.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num n[5];
    const char *p[] = {pl_pg_i64(&n[0], f->psks_id),
                       pl_pg_i64(&n[1], f->assignment_id),
                       pl_pg_i64(&n[2], f->disaster_id),
                       pl_pg_i64(&n[3], f->person_id),
                       pl_pg_i64(&n[4], f->household_id),
                       f->region ? f->region : "",
                       nz(f->from),
                       nz(f->to)};
    return pl_pg_each(s, sql, 8, p, &visit_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_psks_visit_photo_put(pl_pg_store *s, const pl_actor *who, int64_t visit_id,
                               const char *mime, const void *data, size_t len, const char *sha256,
                               pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_visit_photo(visit_id, mime, size, sha256, data, created_at, "
        "created_by) VALUES($1, $2, $3, $4, $5, pl_now(), pl_actor())";
    static const char hex[] = "0123456789abcdef";
    /* The bytes as bytea's hex input form (\x...), a text parameter like every other. */
    char *text = malloc(2 * len + 3);
    if (text == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    const unsigned char *b = data;
    text[0] = '\\';
    text[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        text[2 + 2 * i] = hex[b[i] >> 4];
        text[3 + 2 * i] = hex[b[i] & 15];
    }
    text[2 + 2 * len] = '\0';
    pl_pg_num visit, size;
    const char *p[] = {pl_pg_i64(&visit, visit_id), mime, pl_pg_i64(&size, (int64_t)len), sha256,
                       text};
    int rc = pl_pg_write_as(s, who, sql, 5, p, NULL, "psks_visit_photo", err);
    free(text);
    if (rc == PL_ECONFLICT && strstr(err->message, "data sudah ada"))
        return pl_error_set(err, PL_ECONFLICT, "photo", "kunjungan %lld sudah berfoto",
                            (long long)visit_id);
    return as_einval(rc, err, "photo");
}

int pl_pg_psks_visit_photo_get(pl_pg_store *s, int64_t visit_id, char *mime, void **data,
                               size_t *len, pl_error *err)
{
    static const char sql[] = "SELECT mime, data FROM psks_visit_photo WHERE visit_id = $1::bigint";
    *data = NULL;
    *len = 0;
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num visit;
    const char *p[] = {pl_pg_i64(&visit, visit_id)};
    PGresult *res = pl_pg_query(s, sql, 1, p, err, "psks_visit_photo");
    if (res == NULL)
        return err->code;
    if (PQntuples(res) == 0) {
        PQclear(res);
        return pl_error_set(err, PL_ENOTFOUND, "id", "kunjungan %lld tidak berfoto",
                            (long long)visit_id);
    }
    pl_pg_copy(mime, 16, res, 0, 0);
    size_t n = 0;
    unsigned char *bytes = PQunescapeBytea((const unsigned char *)PQgetvalue(res, 0, 1), &n);
    PQclear(res);
    *data = bytes ? malloc(n > 0 ? n : 1) : NULL;
    if (*data == NULL) {
        PQfreemem(bytes);
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    }
    if (n > 0)
        memcpy(*data, bytes, n);
    PQfreemem(bytes);
    *len = n;
    return 0;
}

/* ------------------------------------------------------------ deployments */

int pl_pg_psks_deployment_add(pl_pg_store *s, const pl_actor *who, pl_psks_deployment *d,
                              pl_error *err)
{
    static const char sql[] =
        "INSERT INTO psks_deployment(disaster_id, psks_id, deployed_on, note, created_at, "
        "created_by) VALUES($1, $2, $3, $4, pl_now(), pl_actor()) RETURNING id";
    pl_pg_num disaster, unit;
    const char *p[] = {pl_pg_i64(&disaster, d->disaster_id), pl_pg_i64(&unit, d->psks_id),
                       d->deployed_on, d->note};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 4, p, &res, "psks_deployment", err);
    if (rc == PL_ECONFLICT && strstr(err->message, "data sudah ada"))
        return pl_error_set(err, PL_ECONFLICT, "psks_id",
                            "unit PSKS %lld sudah dikerahkan ke kejadian ini",
                            (long long)d->psks_id);
    if (rc)
        return as_einval(rc, err, "psks_id");
    d->id = pl_pg_int(res, 0, 0);
    PQclear(res);
    return 0;
}

static void read_deployment(pl_psks_deployment *d, const PGresult *r, int i)
{
    d->id = pl_pg_int(r, i, 0);
    d->disaster_id = pl_pg_int(r, i, 1);
    d->psks_id = pl_pg_int(r, i, 2);
    pl_pg_copy(d->deployed_on, sizeof d->deployed_on, r, i, 3);
    pl_pg_copy(d->note, sizeof d->note, r, i, 4);
    pl_pg_copy(d->created_at, sizeof d->created_at, r, i, 5);
    pl_pg_copy(d->created_by, sizeof d->created_by, r, i, 6);
    d->visits = (long)pl_pg_int(r, i, 7);
}

PL_PG_ROWS(deployment_rows, pl_psks_deployment, pl_psks_deployment_cb, read_deployment,
           "psks_deployment");

int pl_pg_psks_deployment_list(pl_pg_store *s, int64_t disaster_id, pl_psks_deployment_cb cb,
                               void *ctx, pl_error *err)
{
    static const char sql[] =
        "SELECT d.id, d.disaster_id, d.psks_id, d.deployed_on, d.note, d.created_at, "
        "d.created_by, (SELECT count(*) FROM psks_visit v WHERE v.disaster_id = d.disaster_id "
        "AND v.psks_id = d.psks_id) FROM psks_deployment d WHERE d.disaster_id = $1::bigint "
        "ORDER BY d.deployed_on COLLATE \"C\", d.id";
    int rc = pl_pg_require_schema(s, err);
    if (rc)
        return rc;
    pl_pg_num disaster;
    const char *p[] = {pl_pg_i64(&disaster, disaster_id)};
    return pl_pg_each(s, sql, 1, p, &deployment_rows, NULL, PL_PG_FN(cb), ctx, err);
}

int pl_pg_membership_cite_visit(pl_pg_store *s, const pl_actor *who, int64_t id, int64_t visit_id,
                                pl_error *err)
{
    static const char sql[] =
        "UPDATE membership SET ended_by_visit = $1::bigint WHERE id = $2::bigint RETURNING id";
    pl_pg_num visit, m;
    const char *p[] = {pl_pg_i64(&visit, visit_id), pl_pg_i64(&m, id)};
    PGresult *res;
    int rc = pl_pg_write_as(s, who, sql, 2, p, &res, "membership", err);
    if (rc)
        return as_einval(rc, err, "visit_id");
    int changed = PQntuples(res);
    PQclear(res);
    if (changed == 0)
        return pl_error_set(err, PL_ENOTFOUND, "id", "keanggotaan kategori id %lld tidak ada",
                            (long long)id);
    return 0;
}
